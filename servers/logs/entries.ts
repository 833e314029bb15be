// Groups a file's lines into log entries: a line that starts an entry plus its continuation lines
// (stack traces, wrapped text), parsed into time, level, service and message.
import { forEachLine, type LineRange } from '../../src/core/logs/chunk-reader.js';
import { jsonClassifier, materialize } from './fast-json.js';
import { parserFor, type LogFormat } from '../../src/core/logs/formats.js';
import type { ParsedHead } from '../../src/core/logs/parsed-head.js';
import type { IndexBuilder } from './time-index.js';
import { isCauseLine } from './exceptions.js';

/** The parsed first line (its `message` with the continuation lines appended after newlines), and where it is. */
export interface LogEntry extends ParsedHead {
  line: number;
  continuation: number;
  /** Set when the entry was classified without a full parse: `message` then holds only continuation lines. */
  raw?: string;
}

/** The entry with its message and fields, parsing its first line now if the scan classified it lazily. */
export function fullEntry(e: LogEntry): LogEntry {
  if (e.raw === undefined) return e;
  const head = materialize({ time: e.time, level: e.level, service: e.service, message: '', raw: e.raw });
  return { ...e, raw: undefined, message: head.message + e.message, fields: head.fields };
}

export interface EntryScanOptions {
  /** Classify JSON lines from their text and leave the full parse to fullEntry (for scans that keep few entries). */
  lazy?: boolean;
  /** Read only from one line start to another (plain files); line numbers start at range.firstLine. */
  range?: Pick<LineRange, 'from' | 'to' | 'firstLine' | 'alignStart'>;
  /** Told every entry time and chunk end, to build the file's time index as the scan goes. */
  index?: IndexBuilder;
  /** After each chunk (last line, next line's offset or -1); returning false ends the scan there. */
  onChunk?: (lastLine: number, offset: number, source?: number) => boolean | void;
  /** Skip the next chunk's lines (sampling a .gz stream, which cannot seek). */
  skip?: () => boolean;
}

const MAX_CONTINUATION_LINES = 100;
const MAX_MESSAGE_CHARS = 8_000;
/** How far past a range's end a read goes to finish the entry it is in. */
const ENTRY_TAIL_BYTES = 256 * 1024;

/**
 * Calls `onEntry` for each entry in file order; returning false stops the scan. Entries without a time
 * inherit the last time seen in the file, so windows still place them.
 */
export async function forEachEntry(
  file: string,
  format: LogFormat,
  reference: number,
  onEntry: (e: LogEntry) => boolean | void,
  options: EntryScanOptions = {},
): Promise<void> {
  const full = parserFor(format, reference, file);
  const own = full.inner ?? ((line: string) => line);
  const classify = options.lazy && format === 'json' ? jsonClassifier() : null;
  const parse = classify ? (line: string) => classify(line) ?? full(line) : full;
  let current: LogEntry | null = null;
  let lastTime: number | null = null;
  let stopped = false;
  const flush = (): boolean => {
    if (!current) return true;
    const e = current;
    current = null;
    return onEntry(e) !== false;
  };
  const index = options.index;
  const append = (e: LogEntry, text: string) => {
    const body = own(text);
    // Past the caps a `Caused by:` line still joins: the root cause of a long Java trace is its last one.
    if (body.trim().length > 0 && ((e.continuation < MAX_CONTINUATION_LINES && e.message.length < MAX_MESSAGE_CHARS) || (e.message.length < 2 * MAX_MESSAGE_CHARS && isCauseLine(body)))) {
      e.message += `\n${body}`;
    }
    e.continuation++;
  };
  // A range that starts inside the file may start inside an entry (a stack trace): those lines belong to the entry
  // before, which the read of the range before finishes. So a file read in pieces gives the entries of one read.
  let leading = (options.range?.from ?? 0) > 0;
  let end = { line: 0, offset: -1 };
  await forEachLine(file, (lineNo, text) => {
    if (text.length === 0 && current === null) return;
    const head = text.length === 0 ? null : parse(text);
    if (head) {
      leading = false;
      if (!flush()) {
        stopped = true;
        return false;
      }
      if (head.time !== null) {
        lastTime = head.time;
        index?.time(head.time);
      }
      current = { line: lineNo, time: head.time ?? lastTime, level: head.level, service: head.service, message: head.message, continuation: 0, fields: head.fields };
      if ('raw' in head) current.raw = head.raw as string;
      return;
    }
    if (current) return append(current, text);
    if (leading) return;
    // A file that starts with a continuation-looking line: keep it as its own entry.
    current = { line: lineNo, time: lastTime, level: 'unknown', service: null, message: text, continuation: 0 };
  }, undefined, {
    ...options.range,
    skip: options.skip,
    onChunk: (line: number, offset: number, source?: number) => {
      end = { line, offset };
      index?.chunk(line, offset);
      return options.onChunk?.(line, offset, source);
    },
  });
  // The range ended inside an entry: read on to its end (the next entry start), within a bound.
  const open: LogEntry | null = current;
  if (!stopped && open !== null && options.range?.to !== undefined && end.offset > 0 && !file.endsWith('.gz')) {
    await forEachLine(file, (_n, text) => (text.length > 0 && full(text) ? false : append(open, text)), undefined, {
      from: end.offset,
      to: end.offset + ENTRY_TAIL_BYTES,
      firstLine: end.line + 1,
    });
  }
  if (!stopped) flush();
}
