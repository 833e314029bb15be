// Dating a file stamped with the time of day only: the last line on the day its mtime (or the call's reference) puts
// it, the other lines in the day up to it, so times rise through midnight for every reader of the file.
import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clockStamped } from '../../../src/core/logs/clock-days.js';
import { datingOf, inspectFile } from '../../../src/core/logs/file-info.js';
import { parserFor } from '../../../src/core/logs/formats.js';
import { tempDir } from '../../servers/logs/helpers.js';

const DAY0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const line = (t: number, msg = 'tick') => `${iso(t).slice(11, 23)} [main] INFO  com.acme.cart.CartService - ${msg}`;

async function clockFile(lines: string[], mtime: number): Promise<string> {
  const file = path.join(tempDir(), 'cart.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  utimesSync(file, new Date(mtime), new Date(mtime));
  return file;
}

/** The times the file's lines get in a call at `now`, as its readers parse them. */
async function timesOf(file: string, now: number, lines: string[]): Promise<string[]> {
  const info = await inspectFile(file, now);
  const parse = parserFor(info.format, datingOf(info, now), info.file);
  return lines.map((l) => iso(parse(l)!.time!));
}

describe('a time-of-day file', () => {
  it('tells a time-of-day stamp by the colon after two digits', () => {
    expect(clockStamped('10:49:16.611 [main] INFO x')).toBe(true);
    expect(clockStamped('[10:49:16,611] INFO x')).toBe(true);
    expect(clockStamped('2025-03-04 10:49:16 INFO x')).toBe(false);
    expect(clockStamped('10.0.0.7 - - [04/Mar/2025:10:49:16 +0000] "GET / HTTP/1.1" 200 1')).toBe(false);
    expect(clockStamped('1:49:16 x')).toBe(false);
  });

  it('runs up to its last line, dated by the mtime: a day and more later, across midnight, still the same days', async () => {
    const times = [DAY0 + 22 * HOUR, DAY0 + 23.99 * HOUR, DAY0 + 24.01 * HOUR, DAY0 + 26 * HOUR];
    const lines = times.map((t) => line(t));
    const file = await clockFile(lines, times.at(-1)! + 1_000);
    for (const now of [times.at(-1)! + 60_000, DAY0 + 36.5 * HOUR, DAY0 + 10 * 24 * HOUR]) expect(await timesOf(file, now, lines)).toEqual(times.map(iso));
  });

  it('keeps the last 23 hours of a longer file right, and lines a little after the last on its day', async () => {
    // Written over two days (a service up since the day before), read live: the last line is now.
    const last = DAY0 + 30 * HOUR;
    const recent = [DAY0 + 8 * HOUR, DAY0 + 12 * HOUR, DAY0 + 23.5 * HOUR, DAY0 + 29 * HOUR, last - 20 * 60_000];
    const lines = [line(DAY0 + 2 * HOUR, 'started'), ...recent.map((t) => line(t)), line(last)];
    const file = await clockFile(lines, last);
    const got = await timesOf(file, last + 5_000, lines);
    expect(got.slice(1)).toEqual([...recent, last].map(iso));
    // 28 h before the last line: a time of day alone cannot say which day; it folds into the day up to the last.
    expect(got[0]).toBe(iso(DAY0 + 26 * HOUR));
    // Written 30 min after the last line by a thread that flushed late: the same day, not the day before.
    const parse = parserFor('stamped', datingOf(await inspectFile(file, last), last));
    expect(parse(line(last + 30 * 60_000))!.time).toBe(last + 30 * 60_000);
  });

  it('reads the last line from the end of a large file, and again once it grew', async () => {
    const start = DAY0 + 20 * HOUR;
    const lines = Array.from({ length: 4000 }, (_, i) => line(start + i * 1_000, `request ${i} ${'x'.repeat(40)}`));
    const file = await clockFile(lines, DAY0 + 40 * HOUR);
    const info = await inspectFile(file, DAY0 + 40 * HOUR);
    expect(info.bytes).toBeGreaterThan(128 * 1024);
    expect(info.clockTail).toBe((start + 3999 * 1_000) % (24 * HOUR));
    // Appended past midnight: the file's last line moves, and the lines before midnight stay on their day.
    const more = [line(DAY0 + 24 * HOUR + 5_000, 'after midnight'), '\tat com.acme.cart.CartService.run(CartService.java:7)'];
    appendFileSync(file, `${more.join('\n')}\n`);
    utimesSync(file, new Date(DAY0 + 24 * HOUR + 6_000), new Date(DAY0 + 24 * HOUR + 6_000));
    expect(await timesOf(file, DAY0 + 40 * HOUR, [lines[0]!, more[0]!])).toEqual([iso(start), iso(DAY0 + 24 * HOUR + 5_000)]);
  });

  it('leaves files with dates, and .gz streams, to the reference as before', async () => {
    const dir = tempDir({ 'app.log': `${iso(DAY0 + HOUR)} INFO svc started\n${iso(DAY0 + 2 * HOUR)} ERROR svc failed\n`, 'old.log.gz': gzipSync(`${line(DAY0 + HOUR)}\n${line(DAY0 + 2 * HOUR)}\n`) });
    expect((await inspectFile(path.join(dir, 'app.log'), DAY0 + 5 * HOUR)).clockTail).toBeUndefined();
    const gz = await inspectFile(path.join(dir, 'old.log.gz'), DAY0 + 5 * HOUR);
    expect(gz.format).toBe('stamped');
    expect(gz.clockTail).toBeUndefined();
    expect(datingOf(gz, DAY0 + 5 * HOUR).clockLimit).toBeUndefined();
  });
});
