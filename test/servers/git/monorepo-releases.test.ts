// get_deployments on a real monorepo: a component's tag (`auth-svc/v6.1.0`) ships the commits under its directory since
// that component's previous tag (or the last whole-repository one), not another component's; an unprefixed tag ships all.
import { describe, expect, it } from 'vitest';
import { componentOf, type DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
import { connectGit } from './client.js';
import { createRepo } from './git-fixture.js';

/** v1.0 on a base commit; A (auth-svc), B (profile-svc), C (auth-svc); profile-svc/v2.4.0 on B, auth-svc/v6.1.0 on C. */
async function monorepo() {
  const repo = await createRepo();
  const base = await repo.commit({
    message: 'Base services',
    date: '2026-04-01T09:00:00Z',
    files: { 'auth-svc/config/auth.yaml': 'bcrypt_cost: 10\n', 'profile-svc/main.go': 'package main\n', 'README.md': '# platform\n' },
  });
  await repo.tag('v1.0', { date: '2026-04-01T10:00:00Z', message: 'Deploy v1.0' });
  const a = await repo.commit({ message: 'auth: add login audit', date: '2026-04-02T09:00:00Z', files: { 'auth-svc/audit.go': 'package auth\n' } });
  const b = await repo.commit({ message: 'profile: avatar sizes', date: '2026-04-02T10:00:00Z', files: { 'profile-svc/main.go': 'package main\n\n// avatars\n' } });
  await repo.tag('profile-svc/v2.4.0', { date: '2026-04-02T10:30:00Z', message: 'Deploy profile-svc v2.4.0', target: b });
  const c = await repo.commit({ message: 'auth: raise bcrypt cost', date: '2026-04-02T11:00:00Z', files: { 'auth-svc/config/auth.yaml': 'bcrypt_cost: 14\n' } });
  await repo.tag('auth-svc/v6.1.0', { date: '2026-04-02T11:30:00Z', message: 'Deploy auth-svc v6.1.0', target: c });
  return { repo, sha: { base, a, b, c } };
}

const AT = '2026-04-03T00:00:00Z';
const byTag = (r: DeploymentsResult, tag: string) => {
  const d = r.deployments.find((x) => x.tag === tag);
  expect(d, tag).toBeDefined();
  return d!;
};

describe('get_deployments in a monorepo', () => {
  it("gives a component's tag the commits under its directory since the last tag it follows, skipping another component's", async () => {
    const { repo, sha } = await monorepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(r.deployments.map((d) => d.tag)).toEqual(['auth-svc/v6.1.0', 'profile-svc/v2.4.0', 'v1.0']);
    const auth = byTag(r, 'auth-svc/v6.1.0');
    expect(auth.commits.map((x) => x.sha)).toEqual([sha.c, sha.a]);
    expect(auth.commit_count).toBe(2);
    const profile = byTag(r, 'profile-svc/v2.4.0');
    expect(profile.commits.map((x) => x.sha)).toEqual([sha.b]);
    expect(profile.commit_count).toBe(1);
    expect(byTag(r, 'v1.0').commits.map((x) => x.sha)).toEqual([sha.base]);
  });

  it('bounds a component release by its own previous tag', async () => {
    const { repo, sha } = await monorepo();
    const d = await repo.commit({ message: 'auth: shorter sessions', date: '2026-04-02T13:00:00Z', files: { 'auth-svc/session.go': 'package auth\n' } });
    await repo.commit({ message: 'profile: bio length', date: '2026-04-02T14:00:00Z', files: { 'profile-svc/bio.go': 'package main\n' } });
    await repo.tag('auth-svc/v6.2.0', { date: '2026-04-02T15:00:00Z', message: 'Deploy auth-svc v6.2.0' });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    // Only D: A and C went out with auth-svc/v6.1.0, E is profile-svc's.
    expect(byTag(r, 'auth-svc/v6.2.0').commits.map((x) => x.sha)).toEqual([d]);
    expect(byTag(r, 'auth-svc/v6.1.0').commits.map((x) => x.sha)).toEqual([sha.c, sha.a]);
  });

  it('gives a whole-repository tag every commit since the previous whole-repository tag, whichever directory', async () => {
    const { repo, sha } = await monorepo();
    const d = await repo.commit({ message: 'auth: shorter sessions', date: '2026-04-02T13:00:00Z', files: { 'auth-svc/session.go': 'package auth\n' } });
    const e = await repo.commit({ message: 'profile: bio length', date: '2026-04-02T14:00:00Z', files: { 'profile-svc/bio.go': 'package main\n' } });
    const f = await repo.commit({ message: 'docs: platform readme', date: '2026-04-02T14:30:00Z', files: { 'README.md': '# platform\n\nAll services.\n' } });
    await repo.tag('v1.1', { date: '2026-04-02T15:00:00Z', message: 'Deploy v1.1' });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    const whole = byTag(r, 'v1.1');
    // Since v1.0, not since the component tags in between: B and A would otherwise be in no whole release at all.
    expect(whole.commits.map((x) => x.sha)).toEqual([f, e, d, sha.c, sha.b, sha.a]);
    expect(whole.commit_count).toBe(6);
    // The component tags keep their own commits beside it.
    expect(byTag(r, 'profile-svc/v2.4.0').commits.map((x) => x.sha)).toEqual([sha.b]);
  });

  it('reads a nested component directory (services/auth/v2) and a slash tag that names no directory', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'base', date: '2026-04-01T09:00:00Z', files: { 'services/auth/main.go': 'package main\n', 'services/profile/main.go': 'package main\n' } });
    await repo.tag('v1', { date: '2026-04-01T10:00:00Z', message: 'v1' });
    const a = await repo.commit({ message: 'auth change', date: '2026-04-02T09:00:00Z', files: { 'services/auth/main.go': 'package main\n\n// a\n' } });
    await repo.commit({ message: 'profile change', date: '2026-04-02T10:00:00Z', files: { 'services/profile/main.go': 'package main\n\n// p\n' } });
    await repo.tag('services/auth/v2', { date: '2026-04-02T11:00:00Z', message: 'auth v2' });
    const q = await repo.commit({ message: 'another profile change', date: '2026-04-02T12:00:00Z', files: { 'services/profile/extra.go': 'package main\n' } });
    // `release/` is no directory of the repository: its tag is a whole-repository release.
    await repo.tag('release/2026-04-02', { date: '2026-04-02T13:00:00Z', message: 'nightly' });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(byTag(r, 'services/auth/v2').commits.map((x) => x.sha)).toEqual([a]);
    // Not narrowed to a directory (`release/` holds nothing): the profile commit since the auth tag is in it.
    expect(byTag(r, 'release/2026-04-02').commits.map((x) => x.sha)).toContain(q);
  });
});

describe('componentOf', () => {
  it.each<[string, string | null]>([
    ['auth-svc/v6.1.0', 'auth-svc'],
    ['services/auth/v2', 'services/auth'],
    ['v1.2.3', null],
    ['/v1', null],
  ])('%s -> %s', (tag, component) => {
    expect(componentOf(tag)).toBe(component);
  });
});
