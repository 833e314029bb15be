// Where search_logs' entries start in a chunk of text, read line by line out of order (walking back from a match):
// the format's parser, a runtime's stamped record (one entry for its lines), and the lines around a position.
import { continuesAfter } from '../../src/core/logs/stamped-records.js';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { LineParser, ParsedHead } from '../../src/core/logs/parsed-head.js';

/** A one-character test for "this line starts an entry" per format; continuation lines fail it. */
export function startsEntry(format: FileInfo['format']): ((c: number) => boolean) | null {
  switch (format) {
    case 'json':
      return (c) => c === 123;
    case 'iso':
    case 'python':
      return (c) => c >= 48 && c <= 57;
    case 'syslog':
      return (c) => (c >= 65 && c <= 90) || c === 60;
    case 'logfmt':
      return (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    default:
      return null; // plain: continuation lines are recognised by content, so parse
  }
}

/**
 * What starts an entry, given the line above (search walks lines out of order): a line the format parses, unless it is
 * a runtime-stamped line continuing the record above it (stamped-records.ts), as forEachEntry groups them, so
 * search_logs counts a stamped traceback once, as error_signatures and log_stats do. `runtime`: the file has no
 * wrapper that already peels those stamps (forEachEntry's condition).
 */
export type EntryHeadOf = (text: string, above: string) => ParsedHead | null;
export const headOfEntry = (parse: LineParser, runtime: boolean): EntryHeadOf => (runtime ? (text, above) => (continuesAfter(above, text) !== null ? null : parse(text)) : (text) => parse(text));

/** The line that ends just before `start` (a line start) in s; `first` for the string's first line. */
export function lineAbove(s: string, start: number, first = ''): string {
  if (start === 0) return first;
  return stripCr(s.slice(s.lastIndexOf('\n', start - 2) + 1, start - 1));
}

/** The last line of a chunk that starts an entry, with the number of newlines from it to the chunk's end. */
export function lastEntryStartIn(s: string, parse: EntryHeadOf): { text: string; start: number; linesAfter: number } | null {
  let p = s.length;
  if (s.charCodeAt(p - 1) === 10) p--;
  while (p > 0) {
    const st = s.lastIndexOf('\n', p - 1) + 1;
    const text = stripCr(s.slice(st, p));
    if (text.length > 0 && parse(text, lineAbove(s, st))) {
      let n = 0;
      for (let i = s.indexOf('\n', st); i >= 0; i = s.indexOf('\n', i + 1)) n++;
      return { text, start: st, linesAfter: n };
    }
    if (st === 0) break;
    p = st - 1;
  }
  return null;
}

/**
 * lastEntryStartIn on the end of an undecoded chunk (start: offset in the chunk): the last 2 KB from a line start
 * first (one short string per chunk, where most chunks end), then the last 16 KB, then, if `whole`, all of it.
 */
export function chunkTail(chunk: Buffer, parse: EntryHeadOf, whole: boolean): { text: string; start: number; linesAfter: number } | null {
  let from = Math.max(0, chunk.length - 2048);
  if (from > 0 && chunk[from - 1] !== 10) from = chunk.indexOf(10, from) + 1;
  const near = from > 0 && from < chunk.length ? lastEntryStartIn(chunk.toString('latin1', from), parse) : null;
  if (near) return { ...near, start: from + near.start };
  const base = Math.max(0, chunk.length - 16 * 1024);
  const far = lastEntryStartIn(chunk.toString('latin1', base), parse);
  if (far) return { ...far, start: base + far.start };
  return whole && base > 0 ? lastEntryStartIn(chunk.toString('latin1'), parse) : null;
}

/** The time of the nearest entry start with a time above `pos` (looks back at most 200 lines). */
export function timeAbove(s: string, pos: number, parse: LineParser): number | null {
  let end = pos - 1;
  for (let k = 0; k < 200 && end > 0; k++) {
    const st = s.lastIndexOf('\n', end - 1) + 1;
    const t = parse(stripCr(s.slice(st, end)))?.time;
    if (t !== undefined && t !== null) return t;
    if (st === 0) break;
    end = st - 1;
  }
  return null;
}

/** A chunk's last line (chunks end at a line's end). */
export function lastLineOf(chunk: Buffer): string {
  const end = chunk[chunk.length - 1] === 10 ? chunk.length - 1 : chunk.length;
  return stripCr(chunk.toString('utf8', chunk.lastIndexOf(10, end - 1) + 1, end));
}

export function lineEnd(s: string, from: number): number {
  const e = s.indexOf('\n', from);
  return e < 0 ? s.length : e;
}

export function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}
