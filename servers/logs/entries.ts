// Groups a file's lines into log entries: a line that starts an entry plus its continuation lines
// (stack traces, wrapped text), parsed into time, level, service and message.
import { open } from 'node:fs/promises';
import { forEachLine, forEachLineBytes, type LineRange } from '../../src/core/logs/line-reader.js';
import { JsonClassifier, materialize } from './fast-json.js';
import { parserFor, type LogFormat } from '../../src/core/logs/formats.js';
import type { Dating } from '../../src/core/logs/clock-days.js';
import type { LineParser, ParsedHead } from '../../src/core/logs/parsed-head.js';
import { podIdentity } from '../../src/core/logs/kubernetes.js';
import { fillService, serviceOfLogFile } from '../../src/core/logs/file-service.js';
import { StampedBytes } from '../../src/core/logs/stamped-bytes.js';
import type { IndexBuilder } from './time-index.js';
import { isCauseLine } from './exceptions.js';
import { levelRank } from '../../src/core/logs/levels.js';
import { StampedRecords } from '../../src/core/logs/stamped-records.js';

/** The parsed first line (its `message` with the continuation lines appended after newlines), and where it is. */
export interface LogEntry extends ParsedHead {
  line: number;
  continuation: number;
  /** Set when the entry was classified without a full parse: `message` then holds only continuation lines. */
  raw?: string;
  /** Classified from its bytes: `raw` is `rawBuf[rawStart, rawEnd)` (the line, or a text line's message) until the scan decodes it. */
  rawBuf?: Buffer;
  rawStart?: number;
  rawEnd?: number;
  /** The parser that completes `raw` (the format's); JSON lines default to parseJsonLine. */
  reparse?: LineParser;
}

/** `raw` of an entry classified from its bytes, decoded while the read buffer still holds them. */
function rawOf(e: LogEntry): string | undefined {
  if (e.rawBuf === undefined) return e.raw;
  if (e.rawStart! < 0) throw new Error('a lazily read log entry was completed after its scan moved on: call fullEntry inside the callback');
  e.raw = e.rawBuf.toString('utf8', e.rawStart, e.rawEnd);
  e.rawBuf = undefined;
  return e.raw;
}

/** The entry with its message and fields, parsing its first line now if the scan classified it lazily. */
export function fullEntry(e: LogEntry): LogEntry {
  const raw = rawOf(e);
  if (raw === undefined) return e;
  const head = (e.reparse ?? ((line: string) => materialize({ time: e.time, level: e.level, service: e.service, message: '', raw: line })))(raw) ?? e;
  // Spelled out: a rest spread of the entry costs more than the rest of the entry's completion.
  return { line: e.line, time: e.time, level: e.level, service: e.service, message: head.message + e.message, continuation: e.continuation, fields: head.fields };
}

/** A text entry classified from its bytes gets its message before a continuation line joins (the caps count it). */
function settle(e: LogEntry): void {
  const raw = rawOf(e);
  if (raw === undefined || e.reparse === undefined) return;
  const head = e.reparse(raw);
  e.raw = undefined;
  e.reparse = undefined;
  if (head) {
    e.message = head.message + e.message;
    e.fields = head.fields;
  }
}

type ByteHead = { readonly time: number; readonly level: ParsedHead['level']; readonly service: string };

/**
 * The byte classifier of a lazy scan, when the format has one: JSON lines (the file's learned keys) and the
 * stamped `python`/`iso` heads, not for Kubernetes files (their entries take the pod's identity). Null: text only.
 */
interface ByteClassifier {
  test: (buf: Buffer, s: number, e: number) => boolean;
  head: () => ByteHead;
  /** After test: true when the whole head is vouched for (service included); `from` is then where `raw` starts. */
  named: () => boolean;
  from: (s: number) => number;
  /** Completes `raw` (from `from` to the line's end) into the message; none: the JSON materialize. */
  reparse: LineParser | undefined;
}

/** A stamped text line's message is its bytes after the head, which parseStamped gives unchanged and without fields. */
const asMessage: LineParser = (message) => ({ time: null, level: 'unknown', service: null, message });

function byteClassifier(format: LogFormat, file: string, json: JsonClassifier | null): ByteClassifier | null {
  if (json) return { test: (buf, s, e) => json.bytes(buf, s, e), head: () => json.head, named: () => true, from: (s) => s, reparse: undefined };
  if ((format !== 'python' && format !== 'iso') || podIdentity(file) !== null) return null;
  const stamped = new StampedBytes(format === 'python' ? 32 : 84, serviceOfLogFile(file));
  return { test: (buf, s, e) => stamped.head(buf, s, e), head: () => stamped, named: () => stamped.named(), from: () => stamped.message, reparse: asMessage };
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
  /** Decode every line before classifying it (the reference the byte shortcut of lazy scans is tested against). */
  textOnly?: boolean;
  /**
   * Asked at each entry's first line before the entry is built (the head is only valid during the call): false
   * drops the entry and its continuation lines unbuilt, so scans that keep few entries make no object for the rest.
   */
  admit?: (head: EntryHead) => boolean;
  /**
   * With admit: entries below this level are never kept, so their first line is read only as far as its time and
   * level where the format allows, and admit sees them with `service` unread (not theirs).
   */
  minLevel?: ParsedHead['level'];
}

/** Time (the last one seen when the line has none), level and service of an entry's first line. */
export interface EntryHead {
  readonly time: number | null;
  readonly level: ParsedHead['level'];
  readonly service: string | null;
}

const MAX_CONTINUATION_LINES = 100;
const MAX_MESSAGE_CHARS = 8_000;
/** How far past a range's end a read goes to finish the entry it is in. */
const ENTRY_TAIL_BYTES = 256 * 1024;
/** How far back a range read from mid-file looks for the line before it (a stamped line is far shorter). */
const LINE_BEFORE_BYTES = 8 * 1024;

/** The line that ends just before `offset` (a line start), or '' when it is longer than the bytes looked at. */
async function lineBefore(file: string, offset: number): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const start = Math.max(0, offset - LINE_BEFORE_BYTES);
    const buf = Buffer.alloc(offset - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/\r?\n$/, '');
    const nl = text.lastIndexOf('\n');
    return nl >= 0 || start === 0 ? text.slice(nl + 1) : '';
  } finally {
    await fh.close();
  }
}

/**
 * Calls `onEntry` for each entry in file order; returning false stops the scan. Entries without a time
 * inherit the last time seen in the file, so windows still place them.
 */
export async function forEachEntry(
  file: string,
  format: LogFormat,
  reference: number | Dating,
  onEntry: (e: LogEntry) => boolean | void,
  options: EntryScanOptions = {},
): Promise<void> {
  const full = parserFor(format, reference, file);
  const own = full.inner ?? ((line: string) => line);
  const json = options.lazy && format === 'json' ? new JsonClassifier() : null;
  // Lines that name no service get the file's (parserFor does the same for the lines it parses).
  const fileService = podIdentity(file) === null ? serviceOfLogFile(file) : null;
  const parse = json ? (line: string) => fillService(json.line(line), fileService) ?? full(line) : full;
  const bytes = options.lazy && !options.textOnly ? byteClassifier(format, file, json) : null;
  let current: LogEntry | null = null;
  let lastTime: number | null = null;
  // A file whose every line carries a runtime's stamp (no wrapper peeled it): the lines of one record, stamped one by
  // one, still make one entry (a wrapped format's parser already reads its app's continuation lines as such).
  const stamps = format.includes(':') ? null : new StampedRecords();
  const from = options.range?.from ?? 0;
  if (stamps !== null && from > 0 && !options.range?.alignStart && !file.endsWith('.gz')) stamps.prime(await lineBefore(file, from));
  let stopped = false;
  const admit = options.admit;
  // The entry being skipped (not admitted): its continuation lines go with it.
  let dropped = false;
  // The head of a line parsed as text, told to admit (one record for the scan).
  const scratch: { time: number | null; level: ParsedHead['level']; service: string | null } = { time: null, level: 'unknown', service: null };
  const admitted = (time: number | null, level: ParsedHead['level'], service: string | null): boolean => {
    scratch.time = time;
    scratch.level = level;
    scratch.service = service;
    return (dropped = !admit!(scratch)) === false;
  };
  const flush = (): boolean => {
    if (!current) return true;
    const e = current;
    current = null;
    // A head whose message is on the lines below it (ParsedHead.reword) is worded once they are all read.
    if (e.reword !== undefined) {
      e.message = e.reword(e.message);
      e.reword = undefined;
    }
    const go = onEntry(e) !== false;
    // Its bytes are about to be reused: a consumer that kept the entry cannot complete it from them.
    if (e.rawBuf !== undefined) e.rawStart = -1;
    return go;
  };
  const index = options.index;
  const append = (e: LogEntry, text: string) => {
    if (e.reparse !== undefined) settle(e);
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
  const onLine = (lineNo: number, text: string): boolean | void => {
    if (text.length === 0 && current === null) return;
    const body = stamps === null || text.length === 0 ? null : stamps.continues(text);
    if (body !== null && (current !== null || dropped || leading)) return current === null ? undefined : append(current, body);
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
      if (admit && !admitted(head.time ?? lastTime, head.level, head.service)) return;
      current = { line: lineNo, time: head.time ?? lastTime, level: head.level, service: head.service, message: head.message, continuation: 0, fields: head.fields };
      if ('raw' in head) current.raw = head.raw as string;
      if (head.reword !== undefined) current.reword = head.reword;
      return;
    }
    if (current) return append(current, text);
    // A line with no text of its own (a journal export's field line before any MESSAGE=) is no entry either.
    if (leading || dropped || own(text).length === 0) return;
    // A file that starts with a continuation-looking line: keep it as its own entry.
    if (admit && !admitted(lastTime, 'unknown', fileService)) return;
    current = { line: lineNo, time: lastTime, level: 'unknown', service: fileService, message: text, continuation: 0 };
  };
  const range = {
    ...options.range,
    skip: options.skip,
    onChunk: (line: number, offset: number, source?: number) => {
      end = { line, offset };
      // The chunk's bytes are reused after this: the open entry's first line becomes text now.
      if (current?.rawBuf !== undefined) rawOf(current);
      index?.chunk(line, offset);
      return options.onChunk?.(line, offset, source);
    },
  };
  if (bytes === null) await forEachLine(file, onLine, undefined, range);
  else {
    const reparse = bytes.reparse;
    const below = options.minLevel === undefined || !admit ? -Infinity : levelRank(options.minLevel);
    await forEachLineBytes(file, (lineNo, buf, s, e) => {
      // Most lines: classified from their bytes, no string made; the rest (and every continuation) as text.
      if (s === e || !bytes.test(buf, s, e)) return onLine(lineNo, buf.toString('utf8', s, e));
      const h = bytes.head();
      // Past its level, a line is read further only when its entry may be kept (the parser then vouches for it all).
      const low = levelRank(h.level) < below;
      if (!low && !bytes.named()) return onLine(lineNo, buf.toString('utf8', s, e));
      leading = false;
      if (!flush()) {
        stopped = true;
        return false;
      }
      stamps?.head(h.time);
      lastTime = h.time;
      index?.time(h.time);
      if (admit && (dropped = !admit(h) || low)) return;
      current = { line: lineNo, time: h.time, level: h.level, service: h.service, message: '', continuation: 0, fields: undefined, raw: undefined, rawBuf: buf, rawStart: bytes.from(s), rawEnd: e, reparse };
    }, range);
  }
  // The range ended inside an entry: read on to its end (the next entry start), within a bound.
  const open: LogEntry | null = current;
  if (!stopped && open !== null && options.range?.to !== undefined && end.offset > 0 && !file.endsWith('.gz')) {
    const tail = (text: string) => (stamps === null || text.length === 0 ? null : stamps.continues(text));
    await forEachLine(file, (_n, text) => {
      const body = tail(text);
      return body !== null ? append(open, body) : text.length > 0 && full(text) ? false : append(open, text);
    }, undefined, {
      from: end.offset,
      to: end.offset + ENTRY_TAIL_BYTES,
      firstLine: end.line + 1,
    });
  }
  if (!stopped) flush();
}
