// Line shapes that put a level or process marker before the time or carry no time at all: klog/glog (`E0519 03:41:02.123456 1 f.go:88]`),
// Ruby Logger/Rails (`E, [2026-07-03T15:22:51.863041 #3158] ERROR -- prog: msg`), .NET's console (`fail: Ns.Class[0]`),
// Redis (`1:M 05 Dec 2026 01:42:00.123 # msg`), `LEVEL [thread] time` (Cassandra's logback pattern), logrus' `ERRO[0042] msg`
// Gin's `[GIN] 2026/12/05 - 01:42:00 | 500 | ...` request lines, ClickHouse's dotted dates, Akka's `[ERROR] [12/05/2026 01:42:00.123] [thread] [path]`, NestJS.
import type { LogLevel } from '../evidence.js';
import { inferLevel, levelFromStatus, levelWord } from './levels.js';
import { serviceFromLogger } from './logger-names.js';
import { parseIsoLike, parseSyslogTime } from './timestamps.js';
import { logfmtPairs } from './structured-formats.js';
import type { ParsedHead } from './parsed-head.js';
import { parseNest } from './nest-console.js';
import { parseDotnetHead } from './dotnet-console.js';
import { parseUwsgiRequest } from './uwsgi.js';
import { parseClickhouse } from './clickhouse-log.js';

// klog (no year, so the year comes from the file as for syslog) and glog with a year: `E20260519 ...`.
const KLOG = /^([IWEF])(\d{4})?(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s+(\d+)\s+([^\s\]]{1,200}?)(?::(\d+))?\] ?([\s\S]*)$/;
const KLOG_LEVELS: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' };
const SOURCE_FILE = /\.(?:go|cc|cpp|c|h|py|rs|java|rb)$/;
const KLOG_LOGGER = /\blogger="?([\w.\/-]{1,120})"?/;
// Structured klog (`InfoS`/`ErrorS`): a Go-quoted message, then key=value pairs.
const KLOG_STRUCTURED = /^"((?:[^"\\]|\\.)*)"(?: (.*))?$/;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Ruby's Logger default: severity letter, `[time #pid]`, severity word, `-- progname: message`.
const RUBY = /^([DIWEFAU]), \[(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]\d{2}:?\d{2})? #\d+\]\s+([A-Za-z]+) -- ([^:]{0,120}?): ?([\s\S]*)$/;
const RUBY_LEVELS: Record<string, LogLevel> = { D: 'debug', I: 'info', W: 'warn', E: 'error', F: 'fatal', A: 'unknown', U: 'unknown' };

// Redis 3+: `pid:role day month year time.ms level msg` (role X sentinel, C child, S replica, M primary); Redis 2: `[pid] day month time.ms`.
const REDIS = /^\d{1,10}:[XCSM] (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) ([.*#-]) ([\s\S]*)$/;
const REDIS_OLD = /^\[\d{1,10}\] (\d{2}) ([A-Z][a-z]{2}) (\d{2}:\d{2}:\d{2})\.(\d{3}) ([.*#-]) ([\s\S]*)$/;
const REDIS_LEVELS: Record<string, LogLevel> = { '.': 'debug', '-': 'debug', '*': 'notice', '#': 'warn' };

// `ERROR [MutationStage-1] 2026-12-05 01:42:00,123 File.java:102 - msg`: the level and thread before the time.
const LEVEL_FIRST = /^([A-Z]{4,7})\s+\[([^\]]{1,120})\]\s+(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\s+(?:([\w$.]{1,120}:\d{1,6}) - )?([\s\S]*)$/;

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

export function parseKlog(line: string, reference: number): ParsedHead | null {
  const m = KLOG.exec(line);
  if (!m) return null;
  const clock = `${m[5]}:${m[6]}:${m[7]}`;
  let time: number | null;
  if (m[2]) time = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  else time = parseSyslogTime(MONTH_NAMES[Number(m[3]) - 1] ?? '', m[4]!, clock, reference);
  if (time === null || Number.isNaN(time)) return null;
  const source = m[10]!;
  const message = m[12] ?? '';
  // `f.go:88]` names a source file; `audit.sink]` (some wrappers) or `logger="x"` names a logger.
  const logger = KLOG_LOGGER.exec(message)?.[1] ?? (m[11] === undefined && !SOURCE_FILE.test(source) ? source : null);
  const head: ParsedHead = { time: time + fraction(m[8]), level: KLOG_LEVELS[m[1]!]!, service: logger ? serviceFromLogger(logger) : null, message, dialect: 'klog' };
  return message.charCodeAt(0) === 34 ? structured(head, message) : head;
}

/** `"reserve stock failed" err="..." order=7` reads like a logfmt record: message `reserve stock failed: <err>`, pairs as fields. */
function structured(head: ParsedHead, message: string): ParsedHead {
  const s = KLOG_STRUCTURED.exec(message);
  if (!s) return head;
  let text: string;
  try {
    text = JSON.parse(`"${s[1]}"`) as string;
  } catch {
    return head;
  }
  if (!s[2]) return { ...head, message: text };
  const { obj, pairs, firstAt } = logfmtPairs(s[2]);
  if (pairs === 0 || firstAt !== 0) return head;
  const err = obj.err ?? obj.error;
  return { ...head, message: err && !text.includes(err) ? `${text}: ${err}` : text, fields: obj };
}

function parseRuby(line: string): ParsedHead | null {
  const m = RUBY.exec(line);
  if (!m) return null;
  const time = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (Number.isNaN(time)) return null;
  const prog = m[10]!.trim();
  const message = m[11] ?? '';
  const head: ParsedHead = { time: time + fraction(m[8]), level: levelWord(m[9]!) ?? RUBY_LEVELS[m[1]!]!, service: prog ? serviceFromLogger(prog) : null, message };
  // Rails logs an exception at FATAL as its request's tag alone, the exception on the tagged lines below.
  if (RAILS_TAGS_ONLY.test(message)) head.reword = taggedBelow;
  return head;
}

const RAILS_TAGS_ONLY = /^(?:\[[^\]]{1,120}\]\s*)+$/;
const RAILS_TAGS = /^(?:\[[^\]]{1,120}\]\s*)+/;

/** The first tagged line below with words after its tags, as the entry's message; the lines below it stay. */
function taggedBelow(whole: string): string {
  const lines = whole.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]!.replace(RAILS_TAGS, '').trim();
    if (text) return [text, ...lines.slice(i + 1)].join('\n');
  }
  return whole;
}

/**
 * Redis' level is one of four marks and its most severe, `#`, covers everything from a configuration warning to a
 * failed save or a lost replica: `#` is a warning unless the wording says error. Service: none (the file's).
 */
function redisHead(time: number, mark: string, message: string): ParsedHead {
  const inferred = mark === '#' ? inferLevel(message) : null;
  const level = inferred === 'error' || inferred === 'fatal' ? inferred : REDIS_LEVELS[mark]!;
  return { time, level, service: null, message };
}

function parseRedis(line: string, reference: number): ParsedHead | null {
  const m = REDIS.exec(line);
  if (m) {
    const month = MONTH_NAMES.indexOf(m[2]!);
    const time = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
    return month < 0 || Number.isNaN(time) ? null : redisHead(time + Number(m[7]), m[8]!, m[9]!);
  }
  const o = REDIS_OLD.exec(line);
  if (!o) return null;
  const time = parseSyslogTime(o[2]!, o[1]!, o[3]!, reference);
  return time === null ? null : redisHead(time + Number(o[4]), o[5]!, o[6]!);
}

// Gin's request logger: `[GIN] 2026/12/05 - 01:42:00 | 500 |  120.5ms |  10.0.0.1 | POST  "/cart/checkout"`;
// its `[GIN-debug]` start-up lines carry no time.
const GIN = /^\[GIN\] (\d{4})\/(\d{2})\/(\d{2}) - (\d{2}):(\d{2}):(\d{2}) \|\s*(\d{3})\s*\|\s*(\S+)\s*\|\s*(\S*)\s*\|\s*([A-Z]+)\s+"([^"]*)"/;
const GIN_DEBUG = /^\[GIN-debug\] (?:\[(WARNING|ERROR)\] )?([\s\S]*)$/;

function parseGin(line: string): ParsedHead | null {
  const m = GIN.exec(line);
  if (m) {
    const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    const status = Number(m[7]);
    if (Number.isNaN(time)) return null;
    const fields = { status, latency: m[8]!, client: m[9]!, method: m[10]!, path: m[11]! };
    return { time, level: levelFromStatus(status) ?? 'info', service: null, message: `${m[10]} ${m[11]} ${status}`, fields };
  }
  const d = GIN_DEBUG.exec(line);
  return d ? { time: null, level: d[1] ? levelWord(d[1])! : 'debug', service: null, message: d[2]! } : null;
}

// Akka's and Play's default logger: `[ERROR] [12/05/2026 01:42:00.123] [thread] [akka://sys/user/orders] msg`, the
// date month first; the actor path names an actor, not the service (the file does).
const AKKA = /^\[([A-Z]{4,7})\] \[(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?\] \[([^\]]{1,200})\] \[([^\]]{1,300})\] ?([\s\S]*)$/;

function parseAkka(line: string): ParsedHead | null {
  const m = AKKA.exec(line);
  const level = m ? levelWord(m[1]!) : null;
  if (!level) return null;
  const time = Date.UTC(Number(m![4]), Number(m![2]) - 1, Number(m![3]), Number(m![5]), Number(m![6]), Number(m![7]));
  return Number.isNaN(time) ? null : { time: time + fraction(m![8]), level, service: null, message: m![11]!, fields: { thread: m![9]!, source: m![10]! } };
}

// logrus' terminal output: `ERRO[0042] msg<padding>key=value ...`, seconds since the process started (no time).
const LOGRUS_TTY = /^([A-Z]{4})\[\d{4,}\] ([\s\S]*)$/;
const LOGRUS_LEVELS: Record<string, LogLevel> = { TRAC: 'trace', DEBU: 'debug', INFO: 'info', WARN: 'warn', ERRO: 'error', FATA: 'fatal', PANI: 'fatal' };

function parseLogrusTty(line: string): ParsedHead | null {
  const m = LOGRUS_TTY.exec(line);
  const level = m ? (LOGRUS_LEVELS[m[1]!] ?? null) : null;
  if (!level) return null;
  // The message is padded to a column before the fields; `error=` is appended as klog's structured lines are.
  const text = m![2]!;
  const gap = /\s{2,}(?=[A-Za-z_][\w.-]*=)/.exec(text);
  if (!gap) return { time: null, level, service: null, message: text.trimEnd() };
  const { obj, pairs, firstAt } = logfmtPairs(text.slice(gap.index + gap[0].length));
  const message = text.slice(0, gap.index);
  if (pairs === 0 || firstAt !== 0) return { time: null, level, service: null, message: text.trimEnd() };
  const err = obj.error ?? obj.err;
  return { time: null, level, service: null, message: err && !message.includes(err) ? `${message}: ${err}` : message, fields: obj };
}

// java.util.logging's second line, `SEVERE: msg` (its date and logger are the line above, leading-time.ts): an entry of
// its own, dated by the line above as any undated entry is. The other level words with one space read the same, so a
// file of `INFO: x` and `ERROR: y` lines keeps every level line an entry whichever shape it is detected as; uvicorn's
// padded `INFO:     ` is not this shape.
const LEVEL_COLON = /^(SEVERE|WARNING|WARN|INFO|CONFIG|FINEST|FINER|FINE|NOTICE|ERROR|DEBUG|TRACE|FATAL|CRITICAL): (?! )([\s\S]*)$/;

function parseLevelColon(line: string): ParsedHead | null {
  // The level words end at the 5th to 9th character.
  const colonAt = (i: number) => line.charCodeAt(i) === 58;
  const m = colonAt(4) || colonAt(5) || colonAt(6) || colonAt(7) || colonAt(8) ? LEVEL_COLON.exec(line) : null;
  // CONFIG, JUL's level between INFO and FINE, is no general level word.
  return m ? { time: null, level: m[1] === 'CONFIG' ? 'info' : levelWord(m[1]!)!, service: null, message: m[2]! } : null;
}

function parseLevelFirst(line: string): ParsedHead | null {
  const m = LEVEL_FIRST.exec(line);
  const level = m ? levelWord(m[1]!) : null;
  const time = level ? parseIsoLike(m![3]!) : null;
  if (time === null) return null;
  // `File.java:102` is a source position, not a logger: the service comes from the file.
  return { time, level: level!, service: null, message: m![5]!, fields: m![4] ? { thread: m![2]!, source: m![4] } : { thread: m![2]! } };
}

/**
 * klog/glog and Ruby Logger lines (level letter first), .NET console heads, Redis, Gin, Akka, `LEVEL: msg` and
 * `LEVEL [thread] time` lines, or null. Cheap character checks keep this off the hot path of other formats.
 */
export function parsePrefixed(line: string, reference: number): ParsedHead | null {
  const c = line.charCodeAt(0);
  const c1 = line.charCodeAt(1);
  if (c1 >= 48 && c1 <= 57) {
    if (c === 73 || c === 87 || c === 69 || c === 70) return parseKlog(line, reference);
    // ClickHouse's dotted date (`2026.12.06 09:40:00`): no other shape has a dot after four digits.
    if (c >= 48 && c <= 57 && line.charCodeAt(4) === 46) return parseClickhouse(line);
    return c === 91 ? parseRedis(line, reference) : null;
  }
  if (c === 91 && c1 >= 65 && c1 <= 90) return parseNest(line) ?? (c1 === 71 ? parseGin(line) : parseAkka(line));
  if (c === 91 && c1 === 112) return parseUwsgiRequest(line);
  // A coloured line (NestJS writes colours to a terminal, or anywhere with FORCE_COLOR).
  if (c === 27) return parseNest(line);
  if (c >= 48 && c <= 57) {
    // Redis' `pid:role `: the colon within the first 11 characters (searched back from there, never along a long line).
    const colon = line.lastIndexOf(':', 10);
    return colon > 0 && line.charCodeAt(colon + 2) === 32 ? parseRedis(line, reference) : null;
  }
  if (c1 === 44) return parseRuby(line);
  if (c >= 97 && c <= 119 && line.charCodeAt(4) === 58) return parseDotnetHead(line);
  if (c >= 65 && c <= 90 && c1 >= 65 && c1 <= 90) return line.charCodeAt(4) === 91 ? parseLogrusTty(line) : (parseLevelColon(line) ?? parseLevelFirst(line));
  return null;
}
