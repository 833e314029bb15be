// A scan with `admit` and `minLevel` (error_signatures, log_stats) builds only the entries it keeps and reads the
// heads below the level only as far as time and level: what admit is told and what is kept must be the full scan's.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachEntry, fullEntry, type EntryHead, type LogEntry } from '../../../servers/logs/entries.js';
import { atLeast } from '../../../src/core/logs/levels.js';
import type { LogLevel } from '../../../src/core/evidence.js';
import type { LogFormat } from '../../../src/core/logs/formats.js';
import { tempDir } from './helpers.js';

const REF = Date.parse('2025-03-05T00:00:00Z');
const T0 = Date.parse('2025-03-04T10:00:00Z');
const LEVELS = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'WARNING', 'info', 'Error', 'FATAL'];

/** Text heads the byte shortcut reads in full, up to the level only, or not at all; traces after kept and dropped ones. */
function textLines(sep: string, n: number): string[] {
  const out = ['    at a continuation-looking first line', ''];
  for (let i = 0; i < n; i++) {
    const t = new Date(T0 + i * 731).toISOString().replace('T', sep).replace('Z', '').replace('.', i % 2 ? ',' : '.');
    const level = LEVELS[i % LEVELS.length]!;
    const logger = ['billing.app: ', 'orders: ', '[main] c.a.Foo - ', 'some words - ', 'bïlling.app: ', '', '__main__.job: '][i % 7]!;
    out.push(`${t} ${level} ${logger}request ${i} naïve café - done`);
    if (i % 13 === 0) out.push('Traceback (most recent call last):', '  File "/app/x.py", line 3, in f', 'ValueError: bad', '');
    if (i % 29 === 0) out.push(`${t} +0100 WARN x: offset`, `${t} [ERROR] billing.app: bracketed`, `just text ${i}`);
  }
  return out;
}

function jsonLines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = new Date(T0 + i * 517).toISOString();
    const level = ['info', 'warn', 'error', 'debug', 'INFO', 'fatal'][i % 6]!;
    const service = ['cart', 'pay', '', 'cårt'][i % 4];
    out.push(i % 17 === 5 ? `{"level":"${level}","ts":"${ts}","msg":"reordered ${i}"}` : `{"ts":"${ts}","level":"${level}","service":"${service}","msg":"m ${i}"}`);
    if (i % 11 === 0) out.push('  at frame (x.js:1:1)');
    if (i % 23 === 0) out.push('not json at all', '');
  }
  return out;
}

type Head = { time: number | null; level: LogLevel; service?: string | null };
const strip = ({ raw: _r, rawBuf: _b, rawStart: _s, rawEnd: _e, reparse: _p, ...e }: LogEntry) => e;

/** The full scan: every entry, completed. */
async function full(file: string, format: LogFormat): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  await forEachEntry(file, format, REF, (e) => void out.push(strip(fullEntry(e))), { lazy: true });
  return out;
}

async function admitted(file: string, format: LogFormat, min: LogLevel, keepIf: (h: EntryHead) => boolean): Promise<{ heads: Head[]; kept: LogEntry[] }> {
  const heads: Head[] = [];
  const kept: LogEntry[] = [];
  const admit = (h: EntryHead) => {
    // Below the level the service is not read: only time and level are the entry's.
    heads.push(atLeast(h.level, min) ? { time: h.time, level: h.level, service: h.service } : { time: h.time, level: h.level });
    return keepIf(h);
  };
  await forEachEntry(file, format, REF, (e) => void kept.push(strip(fullEntry(e))), { lazy: true, admit, minLevel: min });
  return { heads, kept };
}

describe('forEachEntry with admit', () => {
  const cases: Array<[LogFormat, string[]]> = [
    ['python', textLines(' ', 3000)],
    ['iso', textLines('T', 3000)],
    ['json', jsonLines(4000)],
  ];
  for (const [format, lines] of cases) {
    it(`tells admit every head of the full scan and keeps exactly the admitted entries (${format})`, async () => {
      const file = path.join(tempDir(), `app-${format}.log`);
      writeFileSync(file, lines.join('\n') + '\n');
      const all = await full(file, format);
      expect(all.length).toBeGreaterThan(2000);
      for (const min of ['warn', 'error', 'trace'] as LogLevel[]) {
        // Keep the warn+ entries of one service and every third time: admit decides, the level gate only narrows.
        const keepIf = (h: EntryHead) => atLeast(h.level, min) && h.service !== 'orders' && (h.time ?? 0) % 3 !== 1;
        const { heads, kept } = await admitted(file, format, min, keepIf);
        expect(heads).toEqual(all.map((e) => (atLeast(e.level, min) ? { time: e.time, level: e.level, service: e.service } : { time: e.time, level: e.level })));
        const want = all.filter((e) => keepIf(e));
        expect(want.length).toBeGreaterThan(100);
        expect(kept).toEqual(want);
      }
    });
  }

  it('drops below-level entries even when admit says yes, with their continuation lines', async () => {
    const file = path.join(tempDir(), 'app.log');
    writeFileSync(file, ['2025-03-04 10:00:00,001 INFO a.b: quiet', '  at x (y.js:1:1)', '2025-03-04 10:00:01,002 ERROR a.b: loud', '  at z (w.js:2:2)'].join('\n'));
    const { kept } = await admitted(file, 'python', 'warn', () => true);
    expect(kept.map((e) => [e.level, e.message])).toEqual([['error', 'loud\n  at z (w.js:2:2)']]);
  });
});
