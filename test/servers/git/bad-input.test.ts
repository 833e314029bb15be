// Bad input through a real SDK client: a directory that is not a repository, wrong types, missing arguments,
// option-like values, unknown shas, invalid times. Each is an isError saying what to fix, and the server keeps serving.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { connectGit, type GitClient } from './client.js';
import { tempDir } from './git-fixture.js';
import { AT, createReleaseRepo } from './release-repo.js';

const TOOLS: Array<[string, Record<string, unknown>]> = [
  ['get_recent_commits', {}],
  ['get_deployments', {}],
  ['search_commits', { query: 'pool' }],
  ['show_commit', { sha: 'abc1234' }],
];

/** The server still answers a good call after a bad one. */
async function stillServes(git: GitClient): Promise<void> {
  const r = await git.call('get_recent_commits', { limit: 1 });
  expect(r.isError).toBe(false);
  expect(JSON.parse(r.text).commits).toHaveLength(1);
}

describe('a directory that is not a repository', () => {
  it('starts, lists its tools, and answers every call with how to fix it', async () => {
    const dir = tempDir('not-a-repo-');
    const git = await connectGit(dir, AT);
    const tools = await git.client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['get_deployments', 'get_recent_commits', 'search_commits', 'show_commit']);
    for (const [name, args] of TOOLS) {
      const r = await git.call(name, args);
      expect(r.isError, name).toBe(true);
      expect(r.text).toBe(`${name}: ${dir} is not a git repository; pass --repo <dir>`);
    }
  });

  it('says so for a directory that does not exist', async () => {
    const missing = join(tempDir(), 'nope');
    const git = await connectGit(missing, AT);
    const r = await git.call('get_deployments');
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`${missing} does not exist`);
    expect(r.text).toContain('pass --repo <dir>');
  });
});

describe('bad arguments on a real repository', () => {
  it('rejects wrong types and missing arguments, then keeps serving', async () => {
    const { repo } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['get_recent_commits', { limit: 'ten' }, /limit/],
      ['get_recent_commits', { limit: 0 }, /limit/],
      ['get_recent_commits', { limit: 5000 }, /limit/],
      ['search_commits', {}, /query/],
      ['show_commit', { sha: 1234567 }, /sha/],
      ['show_commit', { sha: 'abc1234', max_bytes: 10 }, /max_bytes/],
    ];
    for (const [name, args, mention] of cases) {
      const r = await git.call(name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.text).toMatch(mention);
      await stillServes(git);
    }
  });

  it('never lets a value become a git option', async () => {
    const { repo } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const out = join(repo.dir, 'pwned.txt');
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['show_commit', { sha: `--output=${out}` }, 'sha "--output='],
      ['get_recent_commits', { path: `--output=${out}` }, 'path "--output='],
      ['search_commits', { query: `--output=${out}` }, 'query "--output='],
      ['search_commits', { query: '-S' }, 'query "-S"'],
    ];
    for (const [name, args, start] of cases) {
      const r = await git.call(name, args);
      expect(r.isError).toBe(true);
      expect(r.text).toContain(start);
      expect(r.text).toContain('without leading dashes');
      await stillServes(git);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('explains unknown shas, invalid refs, bad paths and bad times', async () => {
    const { repo } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['show_commit', { sha: 'deadbeefdeadbeef' }, 'unknown commit "deadbeefdeadbeef"'],
      ['show_commit', { sha: 'v9.9.9' }, 'unknown commit "v9.9.9"'],
      ['show_commit', { sha: 'HEAD@{1}' }, 'is not a valid sha or ref name'],
      ['show_commit', { sha: 'main..HEAD' }, 'is not a valid sha or ref name'],
      ['get_recent_commits', { path: '../etc' }, 'contains ".."'],
      ['get_recent_commits', { path: '/etc/passwd' }, 'relative to the repository root'],
      ['get_recent_commits', { since: 'yesterday' }, 'invalid since "yesterday"'],
      ['get_deployments', { until: 'soon' }, 'invalid until "soon"'],
      ['get_deployments', { since: '2026-02-17T12:00:00Z', until: '2026-02-17T11:00:00Z' }, 'since is after until'],
      ['search_commits', { query: '   ' }, 'query is empty'],
    ];
    for (const [name, args, text] of cases) {
      const r = await git.call(name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.text).toContain(text);
      await stillServes(git);
    }
  });
});

describe('the environment of the server process', () => {
  it('ignores GIT_DIR and GIT_EXTERNAL_DIFF from the environment', async () => {
    const { repo, sha } = await createReleaseRepo();
    const other = tempDir('other-');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    vi.stubEnv('GIT_DIR', join(other, 'nothing.git'));
    vi.stubEnv('GIT_EXTERNAL_DIFF', join(other, 'evil.sh'));
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<{ commits: Array<{ sha: string }> }>('get_recent_commits', { limit: 1 });
    expect(r.commits[0]!.sha).toBe(sha.hotfix);
    const show = await git.json<{ diff: string }>('show_commit', { sha: sha.hotfix });
    expect(show.diff).toContain('+  pool_size: 35');
  });
});
