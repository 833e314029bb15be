// The time index of files too large to read whole for a short window: a cold call finds the window by binary
// search on timestamps and reads only it (indexing what it read); later calls, appended, rotated and copytruncated
// files, unsorted stretches and whole shuffled files stay exact; a split over threads answers as one thread.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogStatsResult } from '../../../src/core/evidence.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { loadIndex } from '../../../servers/logs/time-index.js';
import { scanWindows } from '../../../servers/logs/window-scan.js';
import { connect, tempDir } from './helpers.js';
import { expectedWindowCounts } from '../../helpers/window-counts.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const at = (h: number) => T0 + h * HOUR;
const MB = 1 << 20;

/** ISO lines from `start`, one every `stepMs`; every 10th an error (every 50th with a two-line trace). */
function lines(start: number, n: number, stepMs: number, tag = 'a'): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const level = i % 10 === 0 ? 'ERROR' : 'INFO';
    const trace = i % 50 === 0 ? `\n\tat com.acme.${tag}.Handler.run(Handler.java:${i % 97})\n\tat com.acme.Main.loop(Main.java:7)` : '';
    out.push(`${new Date(start + i * stepMs).toISOString()} ${level} [svc-${tag}] request ${i % 1000} handled for tenant ${i % 7} ${'x'.repeat(120)}${trace}`);
  }
  return `${out.join('\n')}\n`;
}

const expected = expectedWindowCounts;

const sum = (r: LogStatsResult) => ({ total: r.buckets.reduce((a, b) => a + b.total, 0), error: r.buckets.reduce((a, b) => a + (b.by_level.error ?? 0), 0) });
const iso = (t: number) => new Date(t).toISOString();

async function stats(options: Parameters<typeof connect>[0], from: number, to: number): Promise<LogStatsResult & { sampling?: string }> {
  const { call } = await connect(options);
  const r = await call('log_stats', { since: iso(from), until: iso(to), bucket: '1h' });
  expect(r.isError, r.text).toBe(false);
  return r.json();
}

async function indexOf(file: string, cacheDir: string) {
  const { statSync } = await import('node:fs');
  const st = statSync(file);
  return loadIndex(cacheDir, file, { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
}

describe('time index found by binary search', () => {
  it('reads only the window on a cold call, indexes what it read, and later calls use it', async () => {
    const text = lines(T0, 120_000, 720); // ~20 MB over 24 h
    const dir = tempDir({ 'app.log': text });
    const file = path.join(dir, 'app.log');
    const cache = tempDir();
    const info = await inspectFile(file, at(48));
    const opts = { reference: at(48), cacheDir: cache, budgetBytes: 1e12 };
    let seen = 0;
    const cold = await scanWindows(info, [{ from: at(20), to: at(22) }], opts, (e) => void (e.time !== null && e.time >= at(20) && e.time <= at(22) && seen++));
    expect(seen).toBe(expected(text, at(20), at(22)).total);
    // 2 h of 24 h, plus a margin: far less than the file.
    expect(cold.readBytes).toBeLessThan(text.length / 6);
    expect(cold.index).toBe('built');
    const index = (await indexOf(file, cache))!;
    const indexed = index.blocks.reduce((a, b) => a + b.end - b.start, 0);
    expect(indexed).toBe(cold.readBytes);
    expect(index.blocks[0]!.start).toBeGreaterThan(0);
    expect(Number.isNaN(index.blocks[0]!.firstLine)).toBe(true); // the lines before it were never counted
    // The same window again: only indexed blocks, no search.
    const warm = await scanWindows(info, [{ from: at(20), to: at(22) }], opts, () => {});
    expect(warm.index).toBe('used');
    expect(warm.readBytes).toBeLessThanOrEqual(cold.readBytes);
    // Through the server, other windows (partly indexed, partly not) are exact too.
    for (const [from, to] of [[19, 21], [2, 3], [0, 24]] as const) expect(sum(await stats({ sources: [dir], at: at(48), cacheDir: cache }, at(from), at(to)))).toEqual(expected(text, at(from), at(to)));
    // The whole-file call filled every gap: the index is complete and its lines are counted from the start.
    const full = (await indexOf(file, cache))!;
    expect(full.blocks[0]!.start).toBe(0);
    expect(full.blocks.every((b, i) => i === 0 || b.start === full.blocks[i - 1]!.end)).toBe(true);
    expect(full.blocks.every((b) => Number.isFinite(b.firstLine))).toBe(true);
  });

  it('gives the example its line number once the lines before the window are counted', async () => {
    const text = lines(T0, 120_000, 720);
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    const fileLines = readFileSync(path.join(dir, 'app.log'), 'utf8').split('\n');
    const args = { since: iso(at(20)), until: iso(at(21)), baseline: '1m' };
    const sig = async () => (await (await connect({ sources: [dir], at: at(48), cacheDir: cache })).call('error_signatures', args)).json<{ signatures: Array<{ example_source: string; example: string }> }>();
    const cold = await sig();
    // Cold: the lines before the window were skipped, so the line is given from the stretch's first byte.
    const rel = /app\.log \(line (\d+) from byte (\d+); the lines before that byte were skipped, not counted\)$/.exec(cold.signatures[0]!.example_source);
    expect(rel).not.toBeNull();
    expect(Buffer.from(text).subarray(Number(rel![2])).toString().split('\n')[Number(rel![1]) - 1]).toContain(cold.signatures[0]!.example.split('\n')[0]!.slice(0, 60));
    await stats({ sources: [dir], at: at(48), cacheDir: cache }, at(0), at(24)); // reads the rest: lines counted
    const warm = await sig();
    const m = /app\.log:(\d+)$/.exec(warm.signatures[0]!.example_source);
    expect(m).not.toBeNull();
    expect(fileLines[Number(m![1]) - 1]).toContain(warm.signatures[0]!.example.split('\n')[0]!.slice(0, 60));
    expect(warm.signatures.map((s) => s.example)).toEqual(cold.signatures.map((s) => s.example));
  });

  it('extends the index with the appended tail, and starts over for a rotated file', async () => {
    const text = lines(T0, 60_000, 720); // 12 h
    const dir = tempDir({ 'app.log': text });
    const file = path.join(dir, 'app.log');
    const cache = tempDir();
    const options = { sources: [dir], at: at(48), cacheDir: cache };
    expect(sum(await stats(options, at(3), at(4)))).toEqual(expected(text, at(3), at(4)));
    const more = lines(at(12), 60_000, 720, 'b');
    appendFileSync(file, more);
    // The appended half is a gap of the index: searched like the rest, and the old blocks still serve.
    expect(sum(await stats(options, at(3), at(4)))).toEqual(expected(text + more, at(3), at(4)));
    expect(sum(await stats(options, at(20), at(21)))).toEqual(expected(text + more, at(20), at(21)));
    const before = (await indexOf(file, cache))!;
    expect(before.blocks.some((b) => b.min! >= at(20))).toBe(true);
    expect(before.blocks.some((b) => b.min! <= at(4) && b.max! >= at(3))).toBe(true);
    // Rotation: the name now holds a new file (new inode) with other times; nothing of the old index is used.
    renameSync(file, `${file}.1`);
    const fresh = lines(at(30), 60_000, 720, 'c');
    writeFileSync(file, fresh);
    const rotated = { ...options, sources: [file] };
    expect(sum(await stats(rotated, at(33), at(34)))).toEqual(expected(fresh, at(33), at(34)));
    expect(sum(await stats(rotated, at(3), at(4)))).toEqual({ total: 0, error: 0 });
    const after = (await indexOf(file, cache))!;
    expect(after.blocks.every((b) => b.min === null || b.min >= at(30))).toBe(true);
    // copytruncate: the same inode emptied and written again past its old size is no append either.
    const again = lines(at(40), 70_000, 720, 'd');
    writeFileSync(file, again);
    expect(sum(await stats(rotated, at(41), at(42)))).toEqual(expected(again, at(41), at(42)));
    expect(sum(await stats(rotated, at(33), at(34)))).toEqual({ total: 0, error: 0 });
  });

  it('widens the read over an out-of-order stretch that the probes see', async () => {
    // 2 h of entries written late, in the middle of a file otherwise in order.
    const late = lines(at(1), 16_000, 450, 'late');
    const text = lines(at(3), 50_000, 720) + late + lines(at(13), 50_000, 720);
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    // Cold: the probes that land in the late stretch widen the read to all of it, and no more than it needs.
    const info = await inspectFile(path.join(dir, 'app.log'), at(48));
    let seen = 0;
    const c = await scanWindows(info, [{ from: at(1), to: at(2) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, (e) => void (e.time! >= at(1) && e.time! <= at(2) && seen++));
    expect(seen).toBe(expected(text, at(1), at(2)).total);
    expect(c.readBytes).toBeLessThan(text.length / 3);
    const options = { sources: [dir], at: at(48), cacheDir: cache };
    expect(sum(await stats(options, at(1), at(2)))).toEqual(expected(text, at(1), at(2)));
    expect(sum(await stats(options, at(4), at(5)))).toEqual(expected(text, at(4), at(5)));
    expect(sum(await stats(options, at(14), at(15)))).toEqual(expected(text, at(14), at(15)));
  });

  it('reads a file with no time order whole, and counts exactly', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const rows = lines(T0, 90_000, 960).split('\n').filter(Boolean).filter((l) => !l.startsWith('\t'));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const text = `${rows.join('\n')}\n`;
    const dir = tempDir({ 'app.log': text });
    const cache = tempDir();
    const info = await inspectFile(path.join(dir, 'app.log'), at(48));
    const c = await scanWindows(info, [{ from: at(5), to: at(6) }], { reference: at(48), cacheDir: cache, budgetBytes: 1e12 }, () => {});
    expect(c.readBytes).toBeGreaterThanOrEqual(text.length - 4096);
    expect(sum(await stats({ sources: [dir], at: at(48), cacheDir: cache }, at(5), at(6)))).toEqual(expected(text, at(5), at(6)));
  });

  it('answers a cold call split over threads exactly as on one thread', async () => {
    const text = lines(T0, 120_000, 720);
    const calls = [
      ['error_signatures', { since: iso(at(18)), until: iso(at(23)), baseline: '1h' }],
      ['log_stats', { since: iso(at(18)), until: iso(at(23)), bucket: '30m' }],
    ] as const;
    const answers = async (scanThreads: number) => {
      const dir = tempDir({ 'app.log': text });
      const { call } = await connect({ sources: [dir], at: at(48), cacheDir: tempDir(), unitBytes: MB, scanThreads });
      const out: unknown[] = [];
      for (const [tool, args] of calls) {
        const r = await call(tool, args);
        expect(r.isError, r.text).toBe(false);
        out.push(JSON.parse(r.text.replaceAll(dir, '<dir>')));
      }
      return out;
    };
    const one = await answers(1);
    expect(await answers(3)).toEqual(one);
    expect(sum(one[1] as LogStatsResult)).toEqual(expected(text, at(18), at(23)));
  });
});
