// A file stamped with the time of day only (logback's default `HH:mm:ss.SSS` pattern) that runs across midnight:
// its times must keep rising through 00:00 for search_logs and log_stats alike, whatever the hour of the reference.
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogStatsResult, SearchLogsResult } from '../../../src/core/evidence.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { scanWindows } from '../../../servers/logs/window-scan.js';
import { connect, tempDir } from './helpers.js';

const DAY0 = Date.parse('2025-03-04T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (t: number) => new Date(t).toISOString();
const clock = (t: number) => iso(t).slice(11, 23);

/** Logback time-only lines every `stepMs` over [from, to), with an error at each of `errors` (true times). */
function logback(from: number, to: number, stepMs: number, errors: Array<{ at: number; text: string }>): string {
  const out: string[] = [];
  const pending = [...errors].sort((a, b) => a.at - b.at);
  for (let t = from, i = 0; t < to; t += stepMs, i++) {
    while (pending.length && pending[0]!.at <= t) {
      const e = pending.shift()!;
      out.push(`${clock(e.at)} [http-nio-8080-exec-${i % 8}] ERROR com.acme.billing.InvoiceService - ${e.text}`);
      out.push('java.lang.IllegalStateException: gateway said no', '\tat com.acme.billing.InvoiceService.charge(InvoiceService.java:88)');
    }
    out.push(`${clock(t)} [http-nio-8080-exec-${i % 8}] INFO  com.acme.billing.InvoiceController - GET /invoices/${i % 500} 200 ${i % 37} ms`);
  }
  return `${out.join('\n')}\n`;
}

const BEFORE = { at: DAY0 + 23 * HOUR + 58 * MIN + 10_000, text: 'Payment declined for order 41' };
const AFTER = { at: DAY0 + 24 * HOUR + 1 * MIN + 30_000, text: 'Connection refused to payments-gateway:443' };
const SMALL = logback(DAY0 + 23 * HOUR + 50 * MIN, DAY0 + 24 * HOUR + 10 * MIN, 1_500, [BEFORE, AFTER]);

async function tools(text: string, at: number, split = false) {
  const dir = tempDir({ 'billing.log': text });
  // split: search_logs and log_stats cut the file into parts read by worker threads, each parsing from its own start.
  const { call } = await connect({ sources: [dir], at, ...(split ? { scanThreads: 4, unitBytes: 2 << 20, inlineScanBytes: 0 } : {}) });
  const search = async (pattern: string, since: number, until: number) => {
    const r = await call('search_logs', { pattern, since: iso(since), until: iso(until) });
    expect(r.isError, r.text).toBe(false);
    return r.json<SearchLogsResult>();
  };
  const stats = async (since: number, until: number, bucket: string) => {
    const r = await call('log_stats', { since: iso(since), until: iso(until), bucket });
    expect(r.isError, r.text).toBe(false);
    return r.json<LogStatsResult>();
  };
  return { dir, search, stats };
}

const errorsAt = (r: LogStatsResult, minute: number) => r.buckets.find((b) => Date.parse(b.start) === minute)?.by_level.error ?? 0;
const allErrors = (r: LogStatsResult) => r.buckets.reduce((a, b) => a + (b.by_level.error ?? 0), 0);

describe('a time-of-day file across midnight', () => {
  // Each time of day dated alone lands on the reference's day (or the day before, past half a day after it): just
  // after noon the day after, the lines before midnight land on that day too; just before midnight (replaying an
  // alert), the lines after midnight land on the day before. The morning after, both readings agree.
  it.each([
    ['just after noon the day after', DAY0 + 36 * HOUR + 5 * MIN],
    ['an alert just before midnight', DAY0 + 23 * HOUR + 59 * MIN],
    ['the morning after', DAY0 + 33 * HOUR],
  ])('keeps rising through 00:00 (reference %s): both errors found and counted in their minute', async (_name, at) => {
    const { search, stats } = await tools(SMALL, at);
    const from = DAY0 + 23 * HOUR + 55 * MIN;
    const to = DAY0 + 24 * HOUR + 5 * MIN;
    const before = await search('Payment declined', from, to);
    expect(before.total).toBe(1);
    expect(before.matches[0]!.time).toBe(iso(BEFORE.at));
    const after = await search('Connection refused', DAY0 + 24 * HOUR, to);
    expect(after.total).toBe(1);
    expect(after.matches[0]!.time).toBe(iso(AFTER.at));
    expect(after.matches[0]!.message).toContain('IllegalStateException');
    const perMinute = await stats(from, to, '1m');
    expect(errorsAt(perMinute, DAY0 + 23 * HOUR + 58 * MIN)).toBe(1);
    expect(errorsAt(perMinute, DAY0 + 24 * HOUR + 1 * MIN)).toBe(1);
    expect(allErrors(perMinute)).toBe(2);
    // Ten minutes each side of midnight, 400 lines each at one every 1.5 s, and nothing a day off.
    const total = (await stats(DAY0, DAY0 + 48 * HOUR, '1h')).buckets.reduce((a, b) => a + b.total, 0);
    expect(total).toBe(802);
  });

  it.each([false, true])('reads a large file across midnight by binary search on its times and counts the window exactly (split search %s)', async (split) => {
    // ~11 MB over 20:00 to 04:00, too large to be read whole for a short window: the window is found by probing.
    const errors = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ at: DAY0 + 20 * HOUR + k * HOUR + 17 * MIN, text: `Payment declined for order ${k}` }));
    const text = logback(DAY0 + 20 * HOUR, DAY0 + 28 * HOUR, 250, errors);
    expect(text.length).toBeGreaterThan(9 << 20);
    const { dir, search, stats } = await tools(text, DAY0 + 38 * HOUR, split);
    const info = await inspectFile(path.join(dir, 'billing.log'), DAY0 + 38 * HOUR);
    let seen = 0;
    const window = { from: DAY0 + 23 * HOUR, to: DAY0 + 25 * HOUR + 30 * MIN };
    const cover = await scanWindows(info, [window], { reference: DAY0 + 38 * HOUR, cacheDir: null, budgetBytes: 1e12 }, (e) => void (e.level === 'error' && e.time! >= window.from && e.time! <= window.to && seen++));
    expect(seen).toBe(3); // 23:17, 00:17, 01:17
    expect(cover.readBytes).toBeLessThan(text.length / 2);
    expect(allErrors(await stats(window.from, window.to, '1h'))).toBe(3);
    expect((await search('Payment declined', window.from, window.to)).total).toBe(3);
    expect((await search('Payment declined', DAY0 + 20 * HOUR, DAY0 + 28 * HOUR)).total).toBe(8);
  });
});

// The file's mtime is no later than its last line: a copy made long after keeps its own day.
it('dates a finished file by its modification time, not a day after it', async () => {
  const dir = tempDir({ 'billing.log': SMALL });
  const file = path.join(dir, 'billing.log');
  utimesSync(file, new Date(DAY0 + 24 * HOUR + 15 * MIN), new Date(DAY0 + 24 * HOUR + 15 * MIN));
  const { call } = await connect({ sources: [dir], at: DAY0 + 5 * 24 * HOUR });
  const r = await call('search_logs', { pattern: 'Payment declined', since: iso(DAY0), until: iso(DAY0 + 48 * HOUR) });
  expect(r.json<SearchLogsResult>().matches.map((m) => m.time)).toEqual([iso(BEFORE.at)]);
});
