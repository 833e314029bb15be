// get_deployments through a real SDK client: tag dates (annotated vs lightweight), newest-first order,
// the commits each release added, windows, tags off the current branch, and a repository without tags.
import { describe, expect, it } from 'vitest';
import type { DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
import { connectGit } from './client.js';
import { createRepo } from './git-fixture.js';
import { AT, createReleaseRepo } from './release-repo.js';

describe('get_deployments', () => {
  it('lists release tags newest first with tag dates and the commits since the previous tag', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(r.deployments.map((d) => [d.tag, d.time, d.sha])).toEqual([
      ['v1.1.1', '2026-02-17T14:25:00.000Z', sha.hotfix],
      ['v1.1.0', '2026-02-17T11:40:00.000Z', sha.docs],
      ['v1.0.0', '2026-02-16T10:00:00.000Z', sha.initial],
    ]);
    expect(r.total).toBe(3);
    const [v111, v110, v100] = r.deployments;
    expect(v111!.annotation).toBe('Deploy v1.1.1\n\nPipeline #4312');
    expect(v111!.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.giftCards]);
    expect(v111!.commit_count).toBe(2);
    expect(v111!.commits[0]!.files).toEqual([{ path: 'config/database.yaml', added: 1, deleted: 1 }]);
    expect(v110!.commits.map((c) => c.message)).toEqual(['docs: runbook', 'Add product filters']);
    expect(v100!.commits.map((c) => c.sha)).toEqual([sha.initial]);
  });

  it('uses the commit date for lightweight tags and hides releases after --at unless until says so', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments', { until: '2026-02-18T00:00:00Z', limit: 1 });
    expect(r.deployments).toHaveLength(1);
    expect(r.deployments[0]).toMatchObject({ tag: 'v1.2.0-rc1', time: '2026-02-17T16:00:00.000Z', sha: sha.late, annotation: null });
    expect(r.deployments[0]!.commits.map((c) => c.sha)).toEqual([sha.late]);
    expect(r.total).toBe(4);
  });

  it('narrows with since; the previous release outside the window still bounds the commit list', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments', { since: '2h' });
    expect(r.deployments.map((d) => d.tag)).toEqual(['v1.1.1']);
    expect(r.deployments[0]!.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.giftCards]);
    const none = await git.json<DeploymentsResult>('get_deployments', { since: '10m' });
    expect(none).toMatchObject({ total: 0, returned: 0, deployments: [] });
  });

  it('includes tags on other branches, and a rollback tag (an older commit) adds no commits', async () => {
    const repo = await createRepo();
    const base = await repo.commit({ message: 'base', date: '2026-03-01T10:00:00Z', files: { 'a.txt': '1' } });
    await repo.tag('v1', { date: '2026-03-01T11:00:00Z', message: 'v1' });
    await repo.git('checkout', '-q', '-b', 'hotfix');
    const fix = await repo.commit({ message: 'fix on branch', date: '2026-03-02T10:00:00Z', files: { 'a.txt': '2' } });
    await repo.tag('v1.0.1', { date: '2026-03-02T11:00:00Z', message: 'v1.0.1' });
    await repo.git('checkout', '-q', 'main');
    await repo.tag('v1-again', { date: '2026-03-03T09:00:00Z', message: 'redeploy', target: base });
    const git = await connectGit(repo.dir, '2026-03-04T00:00:00Z');
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(r.deployments.map((d) => [d.tag, d.sha, d.commits.map((c) => c.sha)])).toEqual([
      ['v1-again', base, []], // a rollback to an older commit ships nothing new
      ['v1.0.1', fix, [fix]],
      ['v1', base, [base]],
    ]);
  });

  it('returns an empty list when there are no tags', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'only', date: '2026-03-01T10:00:00Z', files: { 'a.txt': '1' } });
    const git = await connectGit(repo.dir, '2026-03-04T00:00:00Z');
    expect(await git.json<DeploymentsResult>('get_deployments')).toMatchObject({ total: 0, deployments: [] });
  });
});
