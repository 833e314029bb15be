// get_recent_commits through a real SDK client: order, fields, time windows (with --at), path filters,
// limits, an empty repository, a bare clone and a subdirectory given as --repo.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecentCommitsResult } from '../../../servers/git/tools/get-recent-commits.js';
import { connectGit } from './client.js';
import { createRepo, tempDir } from './git-fixture.js';
import { AT, BOB, createReleaseRepo } from './release-repo.js';

describe('get_recent_commits', () => {
  it('lists commits newest first with author, UTC time, body and numstat, none after --at', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<RecentCommitsResult>('get_recent_commits');
    expect(r.window).toEqual({ from: null, to: '2026-02-17T15:00:00.000Z' });
    expect(r.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.giftCards, sha.docs, sha.filters, sha.initial]);
    expect(r.returned).toBe(5);
    expect(r.commits[0]).toEqual({
      sha: sha.hotfix,
      author: BOB.name,
      email: BOB.email,
      time: '2026-02-17T14:15:00.000Z',
      message: 'HOTFIX: Increase default connection pool from 30 to 35',
      body: 'Pool waits at lunch peak.',
      files: [{ path: 'config/database.yaml', added: 1, deleted: 1 }],
    });
    expect(r.commits[1]!.files).toEqual([
      { path: 'src/api/gift_cards.py', added: 2, deleted: 0 },
      { path: 'tests/test_gift_cards.py', added: 2, deleted: 0 },
    ]);
  });

  it('narrows by relative and ISO windows', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const lastHour = await git.json<RecentCommitsResult>('get_recent_commits', { since: '50m' });
    expect(lastHour.commits.map((c) => c.sha)).toEqual([sha.hotfix]);
    const morning = await git.json<RecentCommitsResult>('get_recent_commits', { since: '2026-02-17T09:00:00Z', until: '2026-02-17T12:00:00Z' });
    expect(morning.commits.map((c) => c.sha)).toEqual([sha.docs, sha.filters]);
    // A relative since counts back from until.
    const beforeNoon = await git.json<RecentCommitsResult>('get_recent_commits', { since: '90m', until: '2026-02-17T11:00:00Z' });
    expect(beforeNoon.commits.map((c) => c.sha)).toEqual([sha.docs, sha.filters]);
    const later = await git.json<RecentCommitsResult>('get_recent_commits', { until: '2026-02-17T17:00:00Z', limit: 1 });
    expect(later.commits.map((c) => c.sha)).toEqual([sha.late]);
  });

  it('filters by file or directory path and honours limit', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const config = await git.json<RecentCommitsResult>('get_recent_commits', { path: 'config/database.yaml' });
    expect(config.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.initial]);
    const api = await git.json<RecentCommitsResult>('get_recent_commits', { path: 'src/api/' });
    expect(api.commits.map((c) => c.sha)).toEqual([sha.giftCards, sha.filters]);
    const two = await git.json<RecentCommitsResult>('get_recent_commits', { limit: 2 });
    expect(two.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.giftCards]);
    // Glob characters are literal: nothing is named "src/*".
    const glob = await git.json<RecentCommitsResult>('get_recent_commits', { path: 'src/*' });
    expect(glob.commits).toEqual([]);
  });

  it('answers an empty list for a repository without commits', async () => {
    const repo = await createRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<RecentCommitsResult>('get_recent_commits');
    expect(r).toMatchObject({ returned: 0, commits: [] });
  });

  it('reads a bare clone and a subdirectory of a work tree (paths stay relative to the root)', async () => {
    const { repo, sha } = await createReleaseRepo();
    const bare = join(tempDir(), 'bare.git');
    await execa('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const fromBare = await connectGit(bare, AT);
    const r1 = await fromBare.json<RecentCommitsResult>('get_recent_commits', { limit: 1 });
    expect(r1.commits[0]!.sha).toBe(sha.hotfix);
    const fromSub = await connectGit(join(repo.dir, 'src'), AT);
    const r2 = await fromSub.json<RecentCommitsResult>('get_recent_commits', { path: 'config/' });
    expect(r2.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.initial]);
  });
});
