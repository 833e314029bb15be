// Bad input to the logs tools: each gets an isError result that says what to fix, and the server keeps serving.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { AT, connect, tempDir } from './helpers.js';
import { ISO_LOG, PYTHON_LOG } from './fixtures.js';

async function server() {
  const dir = tempDir({ 'app.log': PYTHON_LOG, 'empty.log': '', 'blob.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 9]) });
  return { dir, ...(await connect({ sources: [dir], at: AT })) };
}

async function expectStillServing(call: (n: string, a?: Record<string, unknown>) => Promise<{ isError: boolean; json<T>(): T }>) {
  const next = await call('search_logs', { pattern: 'slow query' });
  expect(next.isError).toBe(false);
  expect(next.json<SearchLogsResult>().total).toBe(2);
}

describe('bad input', () => {
  it('invalid regex', async () => {
    const { call } = await server();
    const r = await call('search_logs', { pattern: '/timeout(/' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/invalid regex .*timeout\(.*Fix the expression/);
    await expectStillServing(call);
  });

  it('wrong argument types and missing arguments', async () => {
    const { call } = await server();
    const wrongType = await call('search_logs', { pattern: 42 });
    expect(wrongType.isError).toBe(true);
    expect(wrongType.text).toContain('pattern');
    const missing = await call('read_logs', {});
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('file');
    const badLimit = await call('search_logs', { pattern: 'x', limit: 0 });
    expect(badLimit.isError).toBe(true);
    await expectStillServing(call);
  });

  it('bad times, durations and levels', async () => {
    const { call } = await server();
    const since = await call('search_logs', { pattern: 'x', since: 'yesterday-ish' });
    expect(since.isError).toBe(true);
    expect(since.text).toContain('use an ISO-8601 time');
    const inverted = await call('log_stats', { since: '2025-03-04T11:00:00Z', until: '2025-03-04T10:00:00Z' });
    expect(inverted.isError).toBe(true);
    expect(inverted.text).toContain('since is after until');
    const bucket = await call('log_stats', { bucket: 'fortnight' });
    expect(bucket.isError).toBe(true);
    expect(bucket.text).toContain('e.g. 30s, 5m');
    const level = await call('error_signatures', { min_level: 'loud' });
    expect(level.isError).toBe(true);
    await expectStillServing(call);
  });

  it('paths outside the sources or with ..', async () => {
    const { call, dir } = await server();
    const dots = await call('read_logs', { file: `${dir}/../etc/passwd` });
    expect(dots.isError).toBe(true);
    expect(dots.text).toContain('".."');
    const outside = await call('read_logs', { file: '/etc/passwd' });
    expect(outside.isError).toBe(true);
    expect(outside.text).toContain('not inside the configured log sources');
    await expectStillServing(call);
  });

  it('binary and empty files', async () => {
    const { call, dir } = await server();
    const bin = await call('read_logs', { file: path.join(dir, 'blob.bin') });
    expect(bin.isError).toBe(true);
    expect(bin.text).toContain('binary');
    const empty = await call('read_logs', { file: 'empty.log' });
    expect(empty.isError).toBe(true);
    expect(empty.text).toContain('empty');
    // Searching skips both and says why.
    const search = (await call('search_logs', { pattern: 'slow' })).json<SearchLogsResult & { skipped: Array<{ file: string; reason: string }> }>();
    expect(search.skipped.map((s) => s.reason).sort()).toEqual(['binary file, not a text log', 'empty file']);
    const sources = (await call('list_sources')).json<{ sources: unknown[]; skipped: unknown[] }>();
    expect(sources.sources).toHaveLength(1);
    expect(sources.skipped).toHaveLength(2);
  });

  it('a file appended to while it is read gives a consistent count', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'grow.log');
    const line = '2025-03-04T10:15:03.000Z ERROR [gateway] upstream checkout timed out after 5000ms\n';
    writeFileSync(file, line.repeat(50_000));
    const { call } = await connect({ sources: [dir], at: AT });
    const pending = call('search_logs', { pattern: 'timed out', limit: 1 });
    appendFileSync(file, line.repeat(10_000));
    const r = await pending;
    expect(r.isError).toBe(false);
    const total = r.json<SearchLogsResult>().total;
    expect([50_000, 60_000]).toContain(total);
    const again = (await call('search_logs', { pattern: 'timed out', limit: 1 })).json<SearchLogsResult>();
    expect(again.total).toBe(60_000);
  });

  it('a source that does not exist is reported, not fatal', async () => {
    const dir = tempDir({ 'a.log': ISO_LOG });
    const { call } = await connect({ sources: [dir, path.join(dir, 'missing.log')], at: AT });
    const r = (await call('list_sources')).json<{ sources: unknown[]; skipped: Array<{ reason: string }> }>();
    expect(r.sources).toHaveLength(1);
    expect(r.skipped[0]!.reason).toContain('does not exist');
  });
});
