// get_deployments on a real monorepo: a component's tag (`auth-svc/v6.1.0`, `orders-svc-v2.14.0`, `@acme/cart@1.4.0`) ships
// the commits under its folder since that component's previous tag (or a whole-repository one); an unprefixed tag ships all.
import { describe, expect, it } from 'vitest';
import type { DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
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

  it('reads a path tag whose folder is nested (pgbouncer/v1.4.2 for platform/pgbouncer/) and bounds its first release by a tag it descends from', async () => {
    const repo = await createRepo();
    await repo.commit({
      message: 'base',
      date: '2026-04-01T09:00:00Z',
      files: { 'platform/pgbouncer/pgbouncer.ini': 'pool_mode = session\n', 'orders-api/main.go': 'package main\n' },
    });
    await repo.tag('orders-api/v2.13', { date: '2026-04-01T10:00:00Z', message: 'Deploy orders-api v2.13' });
    const config = await repo.commit({ message: 'pgbouncer: transaction pooling', date: '2026-04-02T08:00:00Z', files: { 'platform/pgbouncer/pgbouncer.ini': 'pool_mode = transaction\n' } });
    const api = await repo.commit({ message: 'orders: bump pgx', date: '2026-04-02T09:30:00Z', files: { 'orders-api/main.go': 'package main\n\n// pgx\n' } });
    await repo.tag('orders-api/v2.14.0', { date: '2026-04-02T10:00:00Z', message: 'Deploy orders-api v2.14.0', target: api });
    // The platform team deploys its config from its own, older commit after orders-api's release went out.
    await repo.tag('pgbouncer/v1.4.2', { date: '2026-04-02T10:19:40Z', message: 'Deploy pgbouncer config', target: config });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    // Bounded by orders-api/v2.14.0 (whose commit holds the config commit) the release would be empty; read as a
    // whole-repository tag, it would carry orders-api's commits.
    expect(byTag(r, 'pgbouncer/v1.4.2').commits.map((x) => x.sha)).toEqual([config]);
    expect(byTag(r, 'orders-api/v2.14.0').commits.map((x) => x.sha)).toEqual([api]);
  });
});

describe('get_deployments with tags written <component>-<version> or <component>@<version>', () => {
  it('gives each of two interleaved components its own commits (a-svc-v1.0.0 tagged after b-web-2.0.0, on an older commit)', async () => {
    const repo = await createRepo();
    await repo.commit({
      message: 'Base services',
      date: '2026-05-01T09:00:00Z',
      files: { 'a-svc/src/orders.ts': 'export {}\n', 'b-web/src/page.tsx': 'export {}\n', '.github/ci.yml': 'on: push\n' },
    });
    await repo.tag('a-svc-v0.9.0', { date: '2026-05-01T10:00:00Z', message: 'Deploy a-svc 0.9.0' });
    const a1 = await repo.commit({ message: 'a: drop unused indexes', date: '2026-05-02T08:00:00Z', files: { 'a-svc/migrations/drop.js': 'x\n' } });
    const a2 = await repo.commit({ message: 'a: log the customer id', date: '2026-05-02T08:30:00Z', files: { 'a-svc/src/orders.ts': 'export {}\n// id\n' } });
    const b1 = await repo.commit({ message: 'b: infinite scroll', date: '2026-05-02T09:00:00Z', files: { 'b-web/src/page.tsx': 'export {}\n// scroll\n' } });
    // b-web's first tag goes out first, from the newer commit; a-svc's 7 minutes later, from its own older one.
    await repo.tag('b-web-2.0.0', { date: '2026-05-02T10:07:00Z', message: 'Deploy b-web 2.0.0', target: b1 });
    await repo.tag('a-svc-v1.0.0', { date: '2026-05-02T10:14:00Z', message: 'Deploy a-svc 1.0.0', target: a2 });
    const git = await connectGit(repo.dir, '2026-05-03T00:00:00Z');
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(r.deployments.map((d) => d.tag)).toEqual(['a-svc-v1.0.0', 'b-web-2.0.0', 'a-svc-v0.9.0']);
    const a = byTag(r, 'a-svc-v1.0.0');
    expect(a.commits.map((x) => x.sha)).toEqual([a2, a1]);
    expect(a.commit_count).toBe(2);
    // b-web's first tag: since the tag before it, so not the base commit that a-svc-v0.9.0 already put live.
    const b = byTag(r, 'b-web-2.0.0');
    expect(b.commits.map((x) => x.sha)).toEqual([b1]);
    expect(b.commit_count).toBe(1);
  });

  it('finds a scoped package (@acme/cart@1.4.0) in its folder under packages/, the shallowest folder of that name', async () => {
    const repo = await createRepo();
    await repo.commit({
      message: 'Base packages',
      date: '2026-05-01T09:00:00Z',
      // packages/web/src/cart is deeper than packages/cart: a folder of the same name inside another package.
      files: { 'packages/cart/index.ts': 'export {}\n', 'packages/web/src/cart/view.tsx': 'export {}\n', 'package.json': '{}\n' },
    });
    await repo.tag('@acme/cart@1.3.0', { date: '2026-05-01T10:00:00Z', message: 'Publish cart 1.3.0' });
    await repo.tag('@acme/web@1.9.0', { date: '2026-05-01T10:05:00Z', message: 'Publish web 1.9.0' });
    const cart = await repo.commit({ message: 'cart: round totals', date: '2026-05-02T08:00:00Z', files: { 'packages/cart/index.ts': 'export {}\n// round\n' } });
    const web = await repo.commit({ message: 'web: cart badge', date: '2026-05-02T09:00:00Z', files: { 'packages/web/src/cart/view.tsx': 'export {}\n// badge\n' } });
    await repo.tag('@acme/web@2.0.0', { date: '2026-05-02T10:00:00Z', message: 'Publish web 2.0.0' });
    await repo.tag('@acme/cart@1.4.0', { date: '2026-05-02T10:10:00Z', message: 'Publish cart 1.4.0' });
    const git = await connectGit(repo.dir, '2026-05-03T00:00:00Z');
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(byTag(r, '@acme/cart@1.4.0').commits.map((x) => x.sha)).toEqual([cart]);
    expect(byTag(r, '@acme/web@2.0.0').commits.map((x) => x.sha)).toEqual([web]);
  });

  it('keeps a single-service repository whole: app-1.2.0 names no top-level folder (src/app is one) and is its only prefix', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'base', date: '2026-05-01T09:00:00Z', files: { 'src/app/main.py': 'x = 1\n', 'config/app.yaml': 'workers: 2\n' } });
    await repo.tag('app-1.1.0', { date: '2026-05-01T10:00:00Z', message: 'Deploy 1.1.0' });
    const code = await repo.commit({ message: 'code change', date: '2026-05-02T08:00:00Z', files: { 'src/app/main.py': 'x = 2\n' } });
    const config = await repo.commit({ message: 'fewer workers', date: '2026-05-02T09:00:00Z', files: { 'config/app.yaml': 'workers: 1\n' } });
    await repo.tag('app-1.2.0', { date: '2026-05-02T10:00:00Z', message: 'Deploy 1.2.0' });
    const git = await connectGit(repo.dir, '2026-05-03T00:00:00Z');
    const r = await git.json<DeploymentsResult>('get_deployments');
    // The config commit outside src/app is in the release: nothing narrows it to a folder.
    expect(byTag(r, 'app-1.2.0').commits.map((x) => x.sha)).toEqual([config, code]);
  });

  it("keeps a single-service repository whole when its one prefix is also a top-level folder (Rails' app/)", async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'base', date: '2026-05-01T09:00:00Z', files: { 'app/models/order.rb': 'class Order; end\n', 'config/puma.rb': 'workers 2\n' } });
    await repo.tag('app-1.1.0', { date: '2026-05-01T10:00:00Z', message: 'Deploy 1.1.0' });
    const config = await repo.commit({ message: 'fewer workers', date: '2026-05-02T09:00:00Z', files: { 'config/puma.rb': 'workers 1\n' } });
    await repo.tag('app-1.2.0', { date: '2026-05-02T10:00:00Z', message: 'Deploy 1.2.0' });
    const git = await connectGit(repo.dir, '2026-05-03T00:00:00Z');
    const r = await git.json<DeploymentsResult>('get_deployments');
    // The tags version the repository under its name; narrowed to app/, config/'s commit would be in no release.
    expect(byTag(r, 'app-1.2.0').commits.map((x) => x.sha)).toEqual([config]);
  });

  it("ships a component's manifests under a deployment folder of its name (deploy/auth-svc/), not another's nor a client folder of its name", async () => {
    const { repo } = await monorepo();
    const env = await repo.commit({ message: 'auth: GOMEMLIMIT', date: '2026-04-02T13:00:00Z', files: { 'deploy/auth-svc/deployment.yaml': 'env:\n  - name: GOMEMLIMIT\n    value: 900MiB\n' } });
    // Near misses: the other component's manifest, and a client package named for auth-svc inside profile-svc.
    await repo.commit({ message: 'profile: replicas 4', date: '2026-04-02T13:30:00Z', files: { 'deploy/profile-svc/deployment.yaml': 'replicas: 4\n' } });
    await repo.commit({ message: 'profile: auth client retries', date: '2026-04-02T14:00:00Z', files: { 'profile-svc/clients/auth-svc/client.go': 'package auth\n' } });
    await repo.tag('auth-svc/v6.2.0', { date: '2026-04-02T15:00:00Z', message: 'Deploy auth-svc v6.2.0' });
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<DeploymentsResult>('get_deployments');
    expect(byTag(r, 'auth-svc/v6.2.0').commits.map((x) => x.sha)).toEqual([env]);
    expect(byTag(r, 'auth-svc/v6.2.0').commit_count).toBe(1);
  });
});
