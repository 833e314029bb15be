// The search_logs hot loop: a regex scan over whole chunks instead of per-line work, so only matching lines
// are parsed; line numbers are counted lazily and not at all once enough matches are collected.
import type { LogLevel, LogMatch } from '../../src/core/evidence.js';
import { redact } from '../../src/core/redact.js';
import { inWindow, toIso, type TimeWindow } from '../../src/core/time.js';
import { readChunks } from './chunk-reader.js';
import type { FileInfo } from './file-info.js';
import { parserFor, type LineParser } from './formats.js';
import { atLeast } from './levels.js';
import type { CompiledPattern } from './pattern.js';

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

const MAX_BACKTRACK_LINES = 200;
const MAX_MESSAGE = 1_000;

/** A one-character test for "this line starts an entry" per format; continuation lines fail it. */
function startsEntry(format: FileInfo['format']): ((c: number) => boolean) | null {
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

function lineEnd(s: string, from: number): number {
  const e = s.indexOf('\n', from);
  return e < 0 ? s.length : e;
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

export async function searchFile(info: FileInfo, filter: SearchFilter, state: SearchState): Promise<void> {
  const parse: LineParser = parserFor(info.format, filter.reference);
  const quickStart = startsEntry(info.format);
  const latin1 = filter.pattern.ascii;
  const re = filter.pattern.regex;
  const service = filter.service?.toLowerCase();
  let linesBefore = 0; // lines in earlier chunks (valid while still counting)
  let counting = true;
  let carryHeader: string | null = null; // the last entry-start line of the previous chunk
  let carryHeaderLine = 0;
  for await (const chunk of readChunks(info.file)) {
    const s = latin1 ? chunk.toString('latin1') : chunk.toString('utf8');
    let countedPos = 0;
    let countedLines = linesBefore;
    let lastEntryStart = -2;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const pos = m.index;
      const start = pos === 0 ? 0 : s.lastIndexOf('\n', pos - 1) + 1;
      const end = lineEnd(s, pos);
      re.lastIndex = end + 1;
      if (m[0].length === 0 && end >= s.length) re.lastIndex = s.length + 1;
      // Fast path once enough matches are collected and nothing needs parsing: an entry-start line is
      // one more entry; only matches in continuation lines need the walk back to their entry.
      if (!filter.needsParse && state.matches.length >= filter.limit && quickStart?.(s.charCodeAt(start))) {
        if (start !== lastEntryStart) state.total++;
        lastEntryStart = start;
        counting = false;
        continue;
      }
      // Find the entry this line belongs to: the line itself or the nearest entry start above it.
      let headStart = start;
      let headText = stripCr(s.slice(start, end));
      let head = parse(headText);
      for (let k = 0; !head && k < MAX_BACKTRACK_LINES && headStart > 0; k++) {
        const prevStart = s.lastIndexOf('\n', headStart - 2) + 1;
        headText = stripCr(s.slice(prevStart, headStart - 1));
        headStart = prevStart;
        head = parse(headText);
      }
      let fromCarry = false;
      if (!head && headStart === 0 && carryHeader !== null) {
        head = parse(carryHeader);
        headText = carryHeader;
        fromCarry = true;
      }
      if (!head) {
        headText = stripCr(s.slice(start, end));
        headStart = start;
        head = { time: null, level: 'unknown', service: null, message: headText };
      }
      if (headStart === lastEntryStart && !fromCarry) continue;
      lastEntryStart = fromCarry ? -1 : headStart;
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
        if (text.length === 0 || parse(text)) break;
        message += `\n${text}`;
        p = e + 1;
      }
      if (latin1) message = Buffer.from(message, 'latin1').toString('utf8');
      state.matches.push({
        file: info.file,
        line: lineNo,
        time: head.time === null ? null : toIso(head.time),
        level: head.level,
        service: head.service,
        message: redact(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message),
      });
    }
    if (counting) for (let i = s.indexOf('\n', countedPos); i >= 0; i = s.indexOf('\n', i + 1)) countedLines++;
    // The last entry start of this chunk, for matches in continuation lines at the top of the next one.
    let p = s.length - 1;
    for (let k = 0; k < MAX_BACKTRACK_LINES && p > 0; k++) {
      const st = s.lastIndexOf('\n', p - 1) + 1;
      const text = stripCr(s.slice(st, p));
      if (parse(text)) {
        carryHeader = text;
        let n = 0;
        if (counting) for (let i = s.indexOf('\n', st); i >= 0; i = s.indexOf('\n', i + 1)) n++;
        carryHeaderLine = countedLines - n + 1;
        break;
      }
      p = st - 1;
    }
    linesBefore = countedLines;
  }
}
