// get_deployments gives a component's release the commit its tag points at when it changed the component's manifests
// outside its folder (deploy/<name>/, with code shared at the top), and not when that commit is another component's.
import { describe, expect, it } from 'vitest';
import type { DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
import { connectGit } from './client.js';
import { createRepo } from './git-fixture.js';

const AT = '2026-04-03T00:00:00Z';

/** jobs-worker/ and notifier/ components, deploy/ manifests and app/ code beside them; jobs-worker/v1.0 on the base. */
async function repoWithManifests() {
  const repo = await createRepo();
  await repo.commit({
    message: 'Base services',
    date: '2026-04-01T09:00:00Z',
    files: {
      'jobs-worker/deps.lock': '',
      'notifier/go.mod': 'module notifier\n',
      'deploy/jobs-worker/deployment.yaml': 'replicas: 4\n',
      'app/imports.py': 'imports_q = Queue("imports", connection=redis)\n',
    },
  });
  await repo.tag('jobs-worker/v1.0', { date: '2026-04-01T10:00:00Z', message: 'Deploy jobs-worker v1.0' });
  await repo.tag('notifier/v3.1', { date: '2026-04-01T10:05:00Z', message: 'Deploy notifier v3.1' });
  const bump = await repo.commit({ message: 'Bump dependencies', date: '2026-04-02T08:00:00Z', files: { 'jobs-worker/deps.lock': 'rq==1.16.2\n' } });
  return { repo, bump };
}

describe('get_deployments and the commit a component tag points at', () => {
  it("adds the tagged commit that changed the component's manifest and shared code outside its folder", async () => {
    const { repo, bump } = await repoWithManifests();
    const merge = await repo.commit({
      message: 'workers: one deployment for all jobs',
      date: '2026-04-02T09:00:00Z',
      files: { 'deploy/jobs-worker/deployment.yaml': 'replicas: 8\n', 'app/imports.py': 'imports_q = Queue("default", connection=redis)\n' },
    });
    await repo.tag('jobs-worker/v1.1', { date: '2026-04-02T12:00:00Z', message: 'Deploy jobs-worker v1.1', target: merge });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    const d = r.deployments.find((x) => x.tag === 'jobs-worker/v1.1')!;
    expect(d.commits.map((c) => c.sha)).toEqual([merge, bump]);
    expect(d.commit_count).toBe(2);
  });

  it("leaves out a tagged commit that changed another component's folder (a tag cut on main's head)", async () => {
    const { repo, bump } = await repoWithManifests();
    const ses = await repo.commit({ message: 'notifier: send through SES', date: '2026-04-02T09:00:00Z', files: { 'notifier/send.go': 'package send\n', 'deploy/notifier.yaml': 'x\n' } });
    await repo.tag('jobs-worker/v1.1', { date: '2026-04-02T12:00:00Z', message: 'Deploy jobs-worker v1.1', target: ses });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    const d = r.deployments.find((x) => x.tag === 'jobs-worker/v1.1')!;
    expect(d.commits.map((c) => c.sha)).toEqual([bump]);
    expect(d.commit_count).toBe(1);
  });

  it('leaves out a tagged commit that changed only shared code, naming no folder of the component', async () => {
    const { repo, bump } = await repoWithManifests();
    const shared = await repo.commit({ message: 'imports: smaller chunks', date: '2026-04-02T09:00:00Z', files: { 'app/imports.py': 'CHUNK = 500\n' } });
    await repo.tag('jobs-worker/v1.1', { date: '2026-04-02T12:00:00Z', message: 'Deploy jobs-worker v1.1', target: shared });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(r.deployments.find((x) => x.tag === 'jobs-worker/v1.1')!.commits.map((c) => c.sha)).toEqual([bump]);
  });
});
