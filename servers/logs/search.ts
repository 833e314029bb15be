// The search_logs hot loop: a regex scan over whole chunks instead of per-line work, so only matching lines
// are parsed; line numbers are counted lazily and not at all once enough matches are collected.
import type { LogLevel, LogMatch } from '../../src/core/evidence.js';
import { redact } from '../../src/core/redact.js';
import { inWindow, toIso, type TimeWindow } from '../../src/core/time.js';
import { readChunks } from '../../src/core/logs/chunk-reader.js';
import { datingOf, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor } from '../../src/core/logs/formats.js';
import { atLeast } from '../../src/core/logs/levels.js';
import { continuesAfter } from '../../src/core/logs/stamped-records.js';
import { chunkTail, EntryHeadOf, headOfEntry, lastEntryStartIn, lastLineOf, lineAbove, lineEnd, startsEntry, stripCr, timeAbove } from './search-lines.js';
import { NeedleFinder } from './needle.js';
import type { CompiledPattern } from './pattern.js';
import type { LineParser, ParsedHead } from '../../src/core/logs/parsed-head.js';

const PLACEHOLDER: ParsedHead = { time: null, level: 'unknown', service: null, message: '' };

export interface SearchFilter {
  pattern: CompiledPattern;
  minLevel?: LogLevel;
  service?: string;
  window: TimeWindow;
  limit: number;
  reference: number;
  /** True when level, service or time filters need each match parsed. */
  needsParse?: boolean;
}

export interface SearchState {
  total: number;
  matches: LogMatch[];
}

const MAX_MESSAGE = 1_000;

/**
 * Counts the distinct lines of a chunk that hold the needle, when every one of them starts an entry; null when
 * a match sits in a continuation line (its entry must be found by parsing) or a line is cut by the chunk edge.
 */
function countEntryMatches(
  chunk: Buffer,
  needle: NeedleFinder,
  quickStart: (c: number) => boolean,
  lineMatches: ((chunk: Buffer, start: number, end: number) => boolean) | null,
  first: number,
  joins: ((chunk: Buffer, start: number, end: number) => boolean) | null,
): { entries: number; lastLineStart: number } | null {
  let entries = 0;
  let lastLineStart = -1;
  // One needle search per matching line (the next starts after the line's end); `first` was found by the caller.
  for (let i = first; i >= 0; ) {
    const start = i === 0 ? 0 : chunk.lastIndexOf(10, i - 1) + 1;
    const end = chunk.indexOf(10, i);
    if (end < 0) return null;
    // A regex's required text only makes the line a candidate: the regex decides, on that line alone.
    if (start !== lastLineStart && (lineMatches === null || lineMatches(chunk, start, end))) {
      if (!quickStart(chunk[start]!) || joins?.(chunk, start, end)) return null;
      entries++;
      lastLineStart = start;
    }
    i = needle.indexOf(chunk, end + 1);
  }
  return { entries, lastLineStart };
}

/**
 * Searches one file, or the part [from, to) of it (from at an entry start) that one thread takes. Returns the lines
 * read when every one was counted (so a later part's line numbers can be offset), else null.
 */
export async function searchFile(info: FileInfo, filter: SearchFilter, state: SearchState, part?: { from: number; to: number }): Promise<number | null> {
  const parse: LineParser = parserFor(info.format, datingOf(info, filter.reference), info.file);
  const runtime = !info.format.includes(':');
  const headOf = headOfEntry(parse, runtime);
  const quickStart = startsEntry(info.format);
  const latin1 = filter.pattern.ascii;
  const re = filter.pattern.regex;
  const service = filter.service?.toLowerCase();
  let linesBefore = 0; // lines in earlier chunks (valid while still counting)
  let counting = true;
  let carryHeader: string | null = null; // the last entry-start line of the previous chunk
  let carryHeaderLine = 0;
  let carryCounted: boolean = false; // whether that entry is already in the total
  // Bytes every match holds: chunks without them are skipped undecoded. Once only counting is left, lines holding
  // them are counted on the bytes: all of them for a literal; for a regex that cannot span lines, those it matches.
  const needle = filter.pattern.required !== null ? new NeedleFinder(Buffer.from(filter.pattern.required, 'utf8')) : null;
  const lineRe = filter.pattern.literal === null && filter.pattern.singleLine ? new RegExp(re.source, re.flags.replace('g', '')) : null;
  const encoding = latin1 ? 'latin1' : 'utf8';
  const lineMatches = lineRe ? (chunk: Buffer, start: number, end: number): boolean => lineRe.test(chunk.toString(encoding, start, end)) : null;
  const countOnBytes = needle !== null && (filter.pattern.literal !== null || lineRe !== null);
  // On the bytes: a line shaped as a runtime stamp (`2024-04-09T11:26:00.1Z `) is checked against the line above it;
  // one that continues its record sends the chunk to the decoding path (a chunk's first line has nothing above it).
  const joins = runtime
    ? (chunk: Buffer, start: number, end: number): boolean => {
        if (chunk[start + 4] !== 45 || chunk[start + 10] !== 84) return false;
        if (start === 0) return true;
        const above = chunk.lastIndexOf(10, start - 2) + 1;
        return continuesAfter(stripCr(chunk.toString('utf8', above, start - 1)), stripCr(chunk.toString('utf8', start, end))) !== null;
      }
    : null;
  // The last line of the chunk before: what the next chunk's first line is compared with.
  let lastLine = '';
  for await (const chunk of readChunks(info.file, undefined, part ?? {})) {
    // Case-sensitive text: a byte search rules out most chunks before any decoding.
    const first = needle ? needle.indexOf(chunk) : -1;
    if (needle && first < 0) {
      let lines = 0;
      if (counting) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      linesBefore += lines;
      const tail = chunkTail(chunk, headOf, true);
      lastLine = lastLineOf(chunk);
      if (tail) {
        carryHeader = tail.text;
        carryCounted = false;
        carryHeaderLine = linesBefore - tail.linesAfter + 1;
      }
      continue;
    }
    // Only counting is left (the page of matches is full, no filter needs parsing): count entry-start lines
    // holding the needle straight on the bytes, as grep does, instead of decoding the chunk.
    if (countOnBytes && quickStart && !filter.needsParse && state.matches.length >= filter.limit) {
      const counted = countEntryMatches(chunk, needle, quickStart, lineMatches, first, joins);
      if (counted) {
        // Chunks hold whole lines, so a matching line that starts an entry is never the carried entry.
        state.total += counted.entries;
        counting = false;
        const tail = chunkTail(chunk, headOf, false);
        lastLine = lastLineOf(chunk);
        if (tail) {
          carryHeader = tail.text;
          carryCounted = tail.start === counted.lastLineStart;
        }
        continue;
      }
    }
    const s = latin1 ? chunk.toString('latin1') : chunk.toString('utf8');
    let countedPos = 0;
    let countedLines = linesBefore;
    let lastEntryStart = -2;
    let carryCountedHere: boolean = carryCounted;
    let prev: { lineStart: number; headStart: number; headText: string; head: ParsedHead; fromCarry: boolean } | null = null;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const pos = m.index;
      const start = pos === 0 ? 0 : s.lastIndexOf('\n', pos - 1) + 1;
      const end = lineEnd(s, pos);
      re.lastIndex = end + 1;
      if (m[0].length === 0 && end >= s.length) re.lastIndex = s.length + 1;
      // Fast path once enough matches are collected and nothing needs parsing: an entry-start line is
      // one more entry; only matches in continuation lines need the walk back to their entry.
      if (!filter.needsParse && state.matches.length >= filter.limit && quickStart?.(s.charCodeAt(start)) && !(runtime && headOf(stripCr(s.slice(start, end)), lineAbove(s, start, lastLine)) === null)) {
        if (start !== lastEntryStart) state.total++;
        lastEntryStart = start;
        prev = { lineStart: start, headStart: start, headText: '', head: PLACEHOLDER, fromCarry: false };
        counting = false;
        continue;
      }
      // Find the entry this line belongs to: the line itself or the nearest entry start above it. The walk
      // stops at the previous match's line, whose entry is known, so each line is walked at most once.
      let headStart = start;
      let headText = stripCr(s.slice(start, end));
      let head = headOf(headText, lineAbove(s, start, lastLine));
      let fromCarry = false;
      while (!head) {
        if (prev && headStart <= prev.lineStart) {
          ({ headStart, headText, head, fromCarry } = prev);
          break;
        }
        if (headStart === 0) {
          if (carryHeader !== null) {
            head = parse(carryHeader);
            headText = carryHeader;
            fromCarry = true;
          }
          break;
        }
        const prevStart = s.lastIndexOf('\n', headStart - 2) + 1;
        headText = stripCr(s.slice(prevStart, headStart - 1));
        headStart = prevStart;
        head = headOf(headText, lineAbove(s, prevStart, lastLine));
      }
      if (!head) {
        headText = stripCr(s.slice(start, end));
        headStart = start;
        head = { time: null, level: 'unknown', service: null, message: headText };
      }
      // An entry without its own time (an unstamped `panic:` after stamped lines) takes the time above it,
      // as forEachEntry does, so windows and the answer place it.
      if (head.time === null && !fromCarry && headStart > 0) head = { ...head, time: timeAbove(s, headStart, parse) ?? (carryHeader !== null ? (parse(carryHeader)?.time ?? null) : null) };
      prev = { lineStart: start, headStart, headText, head, fromCarry };
      if (fromCarry ? carryCountedHere : headStart === lastEntryStart) continue;
      if (fromCarry) carryCountedHere = true;
      else lastEntryStart = headStart;
      if (filter.minLevel && !atLeast(head.level, filter.minLevel)) continue;
      if (service && (head.service ?? '').toLowerCase() !== service) continue;
      if (filter.window.from !== null || filter.window.to !== null) {
        if (head.time === null || !inWindow(head.time, filter.window)) continue;
      }
      state.total++;
      if (state.matches.length >= filter.limit) {
        counting = false;
        continue;
      }
      let lineNo: number;
      if (fromCarry) lineNo = carryHeaderLine;
      else {
        for (let i = s.indexOf('\n', countedPos); i >= 0 && i < headStart; i = s.indexOf('\n', i + 1)) countedLines++;
        countedPos = headStart;
        lineNo = countedLines + 1;
      }
      let message = head.message;
      // Continuation lines after the matched entry start (stack frames), within this chunk.
      for (let p = fromCarry ? 0 : lineEnd(s, headStart) + 1, k = 0; p < s.length && k < 20 && message.length < MAX_MESSAGE; k++) {
        const e = lineEnd(s, p);
        const text = stripCr(s.slice(p, e));
        const above = lineAbove(s, p, lastLine);
        // Blank lines inside a trace (Go panics) do not end the entry, as in forEachEntry.
        if (text.length > 0 && headOf(text, above)) break;
        // A stamped frame shows without its stamp, as the entry's other readers show it.
        const body = runtime && text.length > 0 ? continuesAfter(above, text) : null;
        if (text.trim().length > 0) message += `\n${body ?? (parse.inner ? parse.inner(text) : text)}`;
        p = e + 1;
      }
      if (latin1) message = Buffer.from(message, 'latin1').toString('utf8');
      state.matches.push({
        file: info.file,
        line: lineNo,
        time: head.time === null ? null : toIso(head.time),
        level: head.level,
        service: head.service,
        ...(typeof head.fields?.pod === 'string' ? { pod: head.fields.pod, ...(typeof head.fields.namespace === 'string' ? { namespace: head.fields.namespace } : {}) } : {}),
        message: redact(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message),
      });
    }
    if (counting) for (let i = s.indexOf('\n', countedPos); i >= 0; i = s.indexOf('\n', i + 1)) countedLines++;
    const tail = lastEntryStartIn(s, headOf);
    lastLine = lineAbove(s, s.charCodeAt(s.length - 1) === 10 ? s.length : s.length + 1);
    if (tail) {
      carryHeader = tail.text;
      carryCounted = tail.start === lastEntryStart;
      carryHeaderLine = countedLines - tail.linesAfter + 1;
    } else carryCounted = carryCountedHere; // no entry starts here: the carried entry goes on
    linesBefore = countedLines;
  }
  return counting ? linesBefore : null;
}
