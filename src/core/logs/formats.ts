// Format detection per file and the per-format line parser: which lines start an entry and what they say.
// Detection votes over the first lines; ties go to the more specific format.
import type { LogSource } from '../evidence.js';
import { detectWrapper, type ContainerWrapper } from './container-logs.js';
import { withPodIdentity, wrappedParser } from './container-parse.js';
import { withFileService } from './file-service.js';
import { podIdentity } from './kubernetes.js';
import { journalExportParser, looksLikeJournalExport } from './journal-export.js';
import { parseLibrdkafka } from './librdkafka.js';
import { levelWord } from './levels.js';
import { jsonBody, parseJsonLine, parseLogfmt, parseMixedJsonLine } from './structured-formats.js';
import {
  looksLikeContinuation,
  parseAnyStamped,
  parseIsoText,
  parsePlain,
  parseCrashStart,
  parsePython,
  parseStampedOrCrash,
  parseSyslog,
} from './text-formats.js';
import type { LineParser, ParsedHead } from './parsed-head.js';
import { risingClock, type Dating } from './clock-days.js';

/**
 * `journal`: systemd's `journalctl -o export` blocks (journal-export.ts), reported as `syslog`.
 * `stamped`: lines that open with a timestamp of another shape (Go `log`, `[2025-04-22 07:16:00,898]`, celery,
 * epoch) or access-log lines; lines without one continue the entry. Reported as `plain` in LogSource.
 */
type BaseFormat = LogSource['format'] | 'stamped' | 'journal';
/** A container runtime's file (`cri:json`, `docker:iso`): the wrapper, then the app's format underneath. */
export type LogFormat = BaseFormat | `${ContainerWrapper}:${BaseFormat}`;

const ORDER: BaseFormat[] = ['json', 'logfmt', 'iso', 'python', 'syslog', 'stamped'];

/** The format name the shared contract knows. */
export function publicFormat(format: LogFormat): LogSource['format'] {
  const base = baseFormat(format);
  return base === 'stamped' ? 'plain' : base === 'journal' ? 'syslog' : base;
}

function baseFormat(format: LogFormat): BaseFormat {
  const colon = format.indexOf(':');
  return (colon < 0 ? format : format.slice(colon + 1)) as BaseFormat;
}

/**
 * The parser for one format: returns null for lines that continue the previous entry. With the file's path,
 * lines of a Kubernetes container log carry the pod, namespace and container, and the workload as service; lines
 * of another file that name no service get the one its name gives (file-service.ts).
 * `dating`: the reference instant, or the file's Dating (a time-of-day file's clockLimit: see clock-days.ts).
 */
export function parserFor(format: LogFormat, dating: number | Dating, file?: string): LineParser {
  const { reference, clockLimit } = typeof dating === 'number' ? { reference: dating, clockLimit: undefined } : dating;
  const colon = format.indexOf(':');
  let parse = colon < 0 ? textParser(format as BaseFormat, reference) : wrappedParser(format.slice(0, colon) as ContainerWrapper, textParser(baseFormat(format), reference));
  if (clockLimit !== undefined) parse = risingClock(parse, clockLimit);
  if (file === undefined) return parse;
  return podIdentity(file) !== null ? withPodIdentity(parse, file) : withFileService(parse, file);
}

/**
 * The format's parser, and in a text format a whole JSON record line as an entry of its own (parseMixedJsonLine).
 * In any format, a line of librdkafka's own logger (librdkafka.ts) is an entry: the Kafka client writes it to the
 * same stderr as the app whatever the app's format, and it would otherwise continue the app's line before it.
 */
function textParser(format: BaseFormat, reference: number): LineParser {
  // A block's lines are one entry: no line of it is read on its own.
  if (format === 'journal') return journalExportParser();
  const own = baseParser(format, reference);
  const parse: LineParser = (line) => (line.charCodeAt(0) === 37 ? parseLibrdkafka(line) : null) ?? own(line);
  if (format === 'json' || format === 'logfmt') return parse;
  if (format === 'plain') return (line) => (line.charCodeAt(0) === 123 ? parseMixedJsonLine(line) : null) ?? parse(line);
  return (line) => parse(line) ?? (line.charCodeAt(0) === 123 ? parseMixedJsonLine(line) : null);
}

function baseParser(format: BaseFormat, reference: number): LineParser {
  // A Go panic or uncaught JVM exception written to the same stream starts an entry in any format.
  switch (format) {
    case 'json':
      return (line) => containerLine(parseJsonLine(line), reference) ?? parseCrashStart(line);
    case 'logfmt':
      return (line) => parseLogfmt(line) ?? parseCrashStart(line);
    case 'iso':
      return (line) => withJsonBody(parseIsoText(line)) ?? parseCrashStart(line);
    case 'python':
      return (line) => withJsonBody(parsePython(line)) ?? parseCrashStart(line);
    case 'syslog':
      return (line) => withJsonBody(parseSyslog(line, reference));
    case 'stamped':
      return (line) => withJsonBody(parseStampedOrCrash(line, reference));
    case 'plain':
      return (line) => (looksLikeContinuation(line) ? null : parsePlain(line, reference));
    case 'journal':
      return journalExportParser();
  }
}

/**
 * A text line whose message is a JSON record (a shipper's or converter's head around a JSON app's line) is that
 * record: its message and fields, and its own level where it states one, since a head written by whatever wrapped the
 * line often says INFO for every line. The head's service stands: it is where the line was collected.
 */
function withJsonBody(head: ParsedHead | null): ParsedHead | null {
  if (head === null || head.fields !== undefined || head.message.charCodeAt(0) !== 123) return head;
  const body = jsonBody(head.message);
  if (body === null) return head;
  return { time: head.time, level: body.level ?? head.level, service: head.service ?? body.service, message: body.message, fields: body.fields };
}

/**
 * A shipper's record around a container's raw line (a GELF record's `short_message`): that line's own level and words
 * where it states them (a JSON app's record, `WARNING:root:...`), since the driver's level only says which stream it was
 * written to. The record's time and container stand.
 */
function containerLine(head: ParsedHead | null, reference: number): ParsedHead | null {
  if (head === null || head.dialect !== 'gelf') return head;
  const body = jsonBody(head.message);
  const own = body ? { level: body.level, message: body.message, service: body.service } : parsePlain(head.message, head.time ?? reference);
  // A text line's level is stated by a level word in its head (`WARNING:root:`, `INFO:     `); else its words may
  // still say error or warn, and only a line that says neither keeps the stream's level.
  const level = body ? body.level : statesLevel(head.message) || (own.level !== 'info' && own.level !== 'unknown') ? own.level : null;
  if (level !== null && level !== 'unknown') head.level = level;
  head.message = own.message;
  head.service ??= own.service;
  return head;
}

/** True when one of a line's first words is a level (`ERROR`, `[warn]`, `INFO:`), not only its message's words. */
function statesLevel(text: string): boolean {
  return text.slice(0, 80).split(/[\s:[\]|()]+/, 6).some((w) => levelWord(w) !== null);
}

/** Picks the format most sample lines parse as; `plain` when none fits at least half of them. */
export function detectFormat(sample: string[], reference: number): LogFormat {
  const wrapped = detectWrapper(sample.slice(0, 200));
  if (wrapped) return `${wrapped.wrapper}:${detectBase(wrapped.inner, reference)}`;
  return detectBase(sample, reference);
}

function detectBase(sample: string[], reference: number): BaseFormat {
  const lines = sample.filter((l) => l.trim().length > 0).slice(0, 200);
  if (lines.length === 0) return 'plain';
  // Field lines are no entries of any other format, and only one line in a dozen opens an entry: told apart first.
  if (looksLikeJournalExport(lines)) return 'journal';
  let best: BaseFormat = 'plain';
  let bestCount = 0;
  for (const format of ORDER) {
    const parse = format === 'stamped' ? (l: string) => parseAnyStamped(l, reference) : baseParser(format, reference);
    let n = 0;
    // A format that can no longer beat the best count (ties go to the earlier one) stops early: the answer is the
    // same, and once one format fits every line the others give up at their first miss.
    for (let i = 0; i < lines.length && n + lines.length - i > bestCount; i++) if (parse(lines[i]!)) n++;
    if (n > bestCount) {
      best = format;
      bestCount = n;
    }
  }
  // Stack traces lower the share of entry starts, so half of the lines is enough.
  return bestCount * 2 >= lines.length || (bestCount > 0 && bestCount >= lines.filter((l) => !looksLikeContinuation(l)).length * 0.8)
    ? best
    : 'plain';
}
