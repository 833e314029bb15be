// search_commits through a real SDK client: matches in messages, authors and diffs (case-insensitive,
// literal text even with regex characters), where each match came from, since and limit.
import { describe, expect, it } from 'vitest';
import type { SearchCommitsResult } from '../../../servers/git/tools/search-commits.js';
import { connectGit } from './client.js';
import { AT, createReleaseRepo } from './release-repo.js';

describe('search_commits', () => {
  it('finds a value that only appears in diffs, and says so', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<SearchCommitsResult>('search_commits', { query: 'pool_size: 35' });
    expect(r.commits.map((c) => [c.sha, c.matched_in])).toEqual([[sha.hotfix, ['diff']]]);
    const both = await git.json<SearchCommitsResult>('search_commits', { query: 'POOL_SIZE' });
    expect(both.commits.map((c) => c.sha)).toEqual([sha.hotfix, sha.initial]);
  });

  it('matches messages and bodies case-insensitively, and authors by name or email', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const msg = await git.json<SearchCommitsResult>('search_commits', { query: 'connection POOL' });
    expect(msg.commits.map((c) => [c.sha, c.matched_in])).toEqual([[sha.hotfix, ['message']]]);
    const body = await git.json<SearchCommitsResult>('search_commits', { query: 'lunch peak' });
    expect(body.commits.map((c) => c.sha)).toEqual([sha.hotfix]);
    const byName = await git.json<SearchCommitsResult>('search_commits', { query: 'priya' });
    expect(byName.commits.map((c) => [c.sha, c.matched_in])).toEqual([
      [sha.giftCards, ['author']],
      [sha.docs, ['author']],
    ]);
    const byEmail = await git.json<SearchCommitsResult>('search_commits', { query: 'bob.johnson@company.com' });
    expect(byEmail.commits.map((c) => c.sha)).toEqual([sha.hotfix]);
  });

  it('reports every field that matched for one commit', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<SearchCommitsResult>('search_commits', { query: 'balance' });
    expect(r.commits).toHaveLength(1);
    expect(r.commits[0]!.sha).toBe(sha.giftCards);
    expect(r.commits[0]!.matched_in).toEqual(['message', 'diff']);
  });

  it('treats regex characters literally', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const literal = await git.json<SearchCommitsResult>('search_commits', { query: 'code[-4:]' });
    expect(literal.commits.map((c) => c.sha)).toEqual([sha.giftCards]);
    const dot = await git.json<SearchCommitsResult>('search_commits', { query: 'pool.size' });
    expect(dot.commits).toEqual([]);
  });

  it('narrows with since and limit, and never returns commits after --at', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const recent = await git.json<SearchCommitsResult>('search_commits', { query: 'pool_size', since: '3h' });
    expect(recent.commits.map((c) => c.sha)).toEqual([sha.hotfix]);
    const one = await git.json<SearchCommitsResult>('search_commits', { query: 'a', limit: 1 });
    expect(one.commits.map((c) => c.sha)).toEqual([sha.hotfix]);
    const future = await git.json<SearchCommitsResult>('search_commits', { query: 'After the report' });
    expect(future.commits).toEqual([]);
    const nothing = await git.json<SearchCommitsResult>('search_commits', { query: 'kubernetes' });
    expect(nothing).toEqual({ query: 'kubernetes', returned: 0, commits: [] });
  });
});
