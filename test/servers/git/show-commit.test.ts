// show_commit through a real SDK client: metadata and diff, shas abbreviated or as tags, the max_bytes cut
// (never splitting a UTF-8 character), and merge commits shown against their first parent.
import { describe, expect, it } from 'vitest';
import type { ShowCommitResult } from '../../../src/core/evidence.js';
import { connectGit } from './client.js';
import { createRepo } from './git-fixture.js';
import { AT, BOB, createReleaseRepo } from './release-repo.js';

describe('show_commit', () => {
  it('shows metadata, files and the unified diff of a commit', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    const r = await git.json<ShowCommitResult>('show_commit', { sha: sha.hotfix });
    expect(r).toMatchObject({
      sha: sha.hotfix,
      author: BOB.name,
      email: BOB.email,
      time: '2026-02-17T14:15:00.000Z',
      message: 'HOTFIX: Increase default connection pool from 30 to 35',
      files: [{ path: 'config/database.yaml', added: 1, deleted: 1 }],
      diff_truncated: false,
    });
    expect(r.diff).toMatch(/^diff --git a\/config\/database.yaml b\/config\/database.yaml\n/);
    expect(r.diff).toContain('\n-  pool_size: 30\n+  pool_size: 35\n');
  });

  it('accepts an abbreviated sha, a tag and HEAD~N', async () => {
    const { repo, sha } = await createReleaseRepo();
    const git = await connectGit(repo.dir, AT);
    expect((await git.json<ShowCommitResult>('show_commit', { sha: sha.hotfix.slice(0, 7) })).sha).toBe(sha.hotfix);
    expect((await git.json<ShowCommitResult>('show_commit', { sha: 'v1.1.1' })).sha).toBe(sha.hotfix);
    expect((await git.json<ShowCommitResult>('show_commit', { sha: 'v1.1.1~1' })).sha).toBe(sha.giftCards);
  });

  it('cuts the diff at max_bytes on a character boundary and says so', async () => {
    const repo = await createRepo();
    const line = 'übergrößenträger €€€ ' .repeat(4) + '\n';
    const s = await repo.commit({ message: 'big', date: '2026-03-01T10:00:00Z', files: { 'big.txt': line.repeat(400) } });
    const git = await connectGit(repo.dir, '2026-03-02T00:00:00Z');
    const r = await git.json<ShowCommitResult>('show_commit', { sha: s, max_bytes: 1000 });
    expect(r.diff_truncated).toBe(true);
    expect(Buffer.byteLength(r.diff)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(r.diff)).toBeGreaterThan(990);
    expect(r.diff).not.toContain('\uFFFD');
    expect(r.files).toEqual([{ path: 'big.txt', added: 400, deleted: 0 }]);
    const full = await git.json<ShowCommitResult>('show_commit', { sha: s, max_bytes: 12000 });
    expect(full.diff_truncated).toBe(true);
    expect(Buffer.byteLength(full.diff)).toBeLessThanOrEqual(12000);
  });

  it('shows a merge against its first parent', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'base', date: '2026-03-01T10:00:00Z', files: { 'a.txt': 'a\n' } });
    await repo.git('checkout', '-q', '-b', 'feature');
    await repo.commit({ message: 'feature work', date: '2026-03-01T11:00:00Z', files: { 'b.txt': 'b\n' } });
    await repo.git('checkout', '-q', 'main');
    await repo.commit({ message: 'main work', date: '2026-03-01T12:00:00Z', files: { 'c.txt': 'c\n' } });
    await repo.git('-c', 'user.name=M', '-c', 'user.email=m@x', 'merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature');
    const git = await connectGit(repo.dir, '2027-01-01T00:00:00Z');
    const r = await git.json<ShowCommitResult>('show_commit', { sha: 'HEAD' });
    expect(r.message).toBe('Merge feature');
    expect(r.files).toEqual([{ path: 'b.txt', added: 1, deleted: 0 }]);
    expect(r.diff).toContain('+++ b/b.txt');
    expect(r.diff).not.toContain('c.txt');
  });
});

describe('show_commit redaction', () => {
  it('replaces secrets in the diff before they leave the server', async () => {
    const repo = await createRepo();
    const s = await repo.commit({
      message: 'Add db credentials',
      date: '2026-03-01T10:00:00Z',
      files: { 'config/prod.yaml': 'database:\n  password: hunter2-very-secret\n  url: postgresql://app:s3cr3tpw@db:5432/shop\n  pool_size: 35\n' },
    });
    const git = await connectGit(repo.dir, '2026-03-02T00:00:00Z');
    const r = await git.json<ShowCommitResult>('show_commit', { sha: s });
    expect(r.diff).not.toContain('hunter2-very-secret');
    expect(r.diff).not.toContain('s3cr3tpw');
    expect(r.diff).toContain('+  password: [REDACTED]');
    expect(r.diff).toContain('+  pool_size: 35');
  });
});
