// The per-file time index: built by the first scan, used to read only the blocks a window needs, extended when the
// file grows, rebuilt when it is rotated, correct on unsorted and gzip files; sampling over budget is announced.
import { appendFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogStatsResult } from '../../../src/core/evidence.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { BLOCK_BYTES } from '../../../servers/logs/time-index.js';
import { scanWindows } from '../../../servers/logs/window-scan.js';
import { connect, tempDir } from './helpers.js';
import { expectedWindowCounts } from '../../helpers/window-counts.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;

/** ISO lines from `start`, one every `stepMs`, padded so `n` lines make megabytes; every 10th is an error. */
function lines(start: number, n: number, stepMs: number, tag = 'a'): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const level = i % 10 === 0 ? 'ERROR' : 'INFO';
    out.push(`${new Date(start + i * stepMs).toISOString()} ${level} [svc-${tag}] request ${i} handled ${'x'.repeat(180)}`);
  }
  return `${out.join('\n')}\n`;
}

const expected = expectedWindowCounts;

function sum(r: LogStatsResult): { total: number; error: number } {
  return { total: r.buckets.reduce((a, b) => a + b.total, 0), error: r.buckets.reduce((a, b) => a + (b.by_level.error ?? 0), 0) };
}

async function stats(dir: string, cacheDir: string, from: number, to: number, readBudget?: number): Promise<LogStatsResult & { sampling?: string }> {
  const { call } = await connect({ sources: [dir], at: T0 + 48 * HOUR, cacheDir, ...(readBudget ? { readBudget } : {}) });
  const r = await call('log_stats', { since: new Date(from).toISOString(), until: new Date(to).toISOString(), bucket: '1h' });
  expect(r.isError).toBe(false);
  return r.json();
}

const at = (h: number) => T0 + h * HOUR;

describe('time index', () => {
  it('is built by the first scan, then narrows a window read to its blocks, with the same answer', async () => {
    const text = lines(T0, 24_000, 1_000); // ~5 MB over 6.7 h
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    const first = await stats(dir, cache, at(2), at(3));
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(sum(first)).toEqual(expected(text, at(2), at(3)));
    const info = await inspectFile(path.join(dir, 'app.log'), at(48));
    const seen: number[] = [];
    const coverage = await scanWindows(info, [{ from: at(2), to: at(3) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, (e) => {
      if (e.time !== null) seen.push(e.time);
    });
    expect(coverage.index).toBe('used');
    expect(coverage.readBytes).toBeLessThan(text.length / 2);
    expect(coverage.readBytes).toBeGreaterThanOrEqual(BLOCK_BYTES);
    expect(Math.min(...seen)).toBeLessThanOrEqual(at(2));
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(at(3));
    expect(sum(await stats(dir, cache, at(2), at(3)))).toEqual(expected(text, at(2), at(3)));
  });

  it('extends the index when the file is appended to, and starts over when it is rotated', async () => {
    const text = lines(T0, 12_000, 1_000);
    const dir = tempDir({ 'app.log': text });
    const file = path.join(dir, 'app.log');
    const cache = tempDir();
    await stats(dir, cache, at(0), at(10));
    const more = lines(T0 + 12_000_000, 12_000, 1_000, 'b');
    appendFileSync(file, more);
    const info = await inspectFile(file, at(48));
    const coverage = await scanWindows(info, [{ from: null, to: null }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, () => {});
    expect(coverage.index).toBe('extended');
    expect(sum(await stats(dir, cache, at(0), at(10)))).toEqual(expected(text + more, at(0), at(10)));
    // Rotation: the name now holds another file (new inode) with other times; the old index must not be used.
    renameSync(file, `${file}.1`);
    const fresh = lines(at(20), 3_000, 1_000, 'c');
    writeFileSync(file, fresh);
    const r = await stats(path.join(dir, 'app.log'), cache, at(20), at(21));
    expect(sum(r)).toEqual(expected(fresh, at(20), at(21)));
    const rotated = await scanWindows(await inspectFile(file, at(48)), [{ from: at(20), to: at(21) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, () => {});
    expect(rotated.index).toBe('used'); // rebuilt by the call above for the new inode, then used
  });

  it('finds entries of a window in an unsorted file (a block from another hour in the middle)', async () => {
    const early = lines(at(1), 8_000, 450, 'late-arrival'); // 1 h of entries written late
    const text = lines(at(3), 12_000, 1_000) + early + lines(at(6.5), 12_000, 1_000);
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    await stats(dir, cache, at(0), at(24));
    expect(sum(await stats(dir, cache, at(1), at(2)))).toEqual(expected(text, at(1), at(2)));
    expect(sum(await stats(dir, cache, at(4), at(5)))).toEqual(expected(text, at(4), at(5)));
  });

  it('reads a gzip file up to the last block a window needs, and skips it for a window it does not cover', async () => {
    const text = lines(T0, 24_000, 1_000);
    const dir = tempDir({ 'app.log.gz': gzipSync(text) });
    const cache = tempDir();
    expect(sum(await stats(dir, cache, at(1), at(2)))).toEqual(expected(text, at(1), at(2)));
    const info = await inspectFile(path.join(dir, 'app.log.gz'), at(48));
    const early = await scanWindows(info, [{ from: at(0), to: at(1) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, () => {});
    expect(early.index).toBe('used');
    expect(early.readBytes).toBeLessThan(text.length / 2);
    const none = await scanWindows(info, [{ from: at(30), to: at(31) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, () => {});
    expect(none.readBytes).toBe(0);
    expect(sum(await stats(dir, cache, at(1), at(2)))).toEqual(expected(text, at(1), at(2)));
  });

  it('samples evenly over the window when the window exceeds the read budget, and says so', async () => {
    const text = lines(T0, 24_000, 1_000);
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    await stats(dir, cache, at(0), at(24)); // builds the index (the first read is always whole)
    const r = await stats(dir, cache, at(0), at(24), 1 << 20);
    expect(r.sampling).toMatch(/^read \d+ % of app\.log \(.+ of .+\), sampled evenly over the window/);
    const truth = expected(text, at(0), at(24));
    // Scaled estimates, within a fifth of the truth, with every hour of the window represented.
    expect(Math.abs(sum(r).total - truth.total) / truth.total).toBeLessThan(0.2);
    expect(r.buckets.length).toBe(7);
    const { call } = await connect({ sources: [dir], at: T0 + 48 * HOUR, cacheDir: cache, readBudget: 1 << 20 });
    const sig = (await call('error_signatures', { since: new Date(at(0)).toISOString(), until: new Date(at(24)).toISOString() })).json<{ sampling?: string }>();
    expect(sig.sampling).toContain('sampled evenly over the window');
  });

  it('finds the window of a large unindexed file by binary search and samples it within the budget', async () => {
    const text = lines(T0, 24_000, 1_000); // ~5 MB, 6.7 h, time-ordered
    const dir = tempDir({ 'app.log': text });
    const info = await inspectFile(path.join(dir, 'app.log'), at(48));
    const cache = tempDir();
    const seen: number[] = [];
    let weight = 0;
    const c = await scanWindows(info, [{ from: at(3), to: at(4) }], { reference: at(48), cacheDir: cache, budgetBytes: 256 * 1024 }, (e, w) => {
      seen.push(e.time!);
      weight = w;
      expect(Number.isNaN(e.line)).toBe(true);
    });
    expect(c.index).toBe('none');
    // The range found spans the window with a margin, far less than the file.
    expect(c.windowBytes).toBeGreaterThan(text.length / 7);
    expect(c.windowBytes).toBeLessThan(text.length / 3);
    expect(c.readBytes).toBeLessThanOrEqual(400 * 1024);
    const inWindow = seen.filter((t) => t >= at(3) && t <= at(4)).length;
    const truth = expected(text, at(3), at(4)).total;
    expect(Math.abs(inWindow * weight - truth) / truth).toBeLessThan(0.2);
    expect(readdirSync(cache)).toHaveLength(0); // no index from a partial read
    const { call } = await connect({ sources: [dir], at: T0 + 48 * HOUR, cacheDir: cache, readBudget: 256 * 1024 });
    const sig = (await call('error_signatures', { since: new Date(at(3)).toISOString(), until: new Date(at(4)).toISOString() })).json<{
      sampling?: string;
      signatures: Array<{ example_source: string; example: string }>;
    }>();
    expect(sig.sampling).toContain('sampled evenly over the window');
    // The line is unknown, the piece it is in is not: its bytes hold the example.
    const piece = /\(sampled piece, bytes (\d+)-(\d+); lines before it not counted\)$/.exec(sig.signatures[0]!.example_source);
    expect(piece).not.toBeNull();
    expect(text.slice(Number(piece![1]), Number(piece![2]) + 4096)).toContain(sig.signatures[0]!.example.split('\n')[0]!.slice(0, 60));
  });

  it('stops a first read that would overrun the time budget, samples the rest, says so, and keeps the prefix indexed', async () => {
    const text = lines(T0, 60_000, 400); // ~12 MB over 6.7 h
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    const { call } = await connect({ sources: [dir], at: T0 + 48 * HOUR, cacheDir: cache, timeBudgetMs: 1 });
    const r = (await call('log_stats', { since: new Date(at(0)).toISOString(), until: new Date(at(24)).toISOString(), bucket: '1h' })).json<LogStatsResult & { sampling?: string }>();
    expect(r.sampling).toMatch(/sampled evenly over the window \(more than the read or time budget\)/);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // With time to spare, the next call extends the kept prefix and counts exactly.
    expect(sum(await stats(dir, cache, at(0), at(24)))).toEqual(expected(text, at(0), at(24)));
  });
});
