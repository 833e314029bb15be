// Line shapes that put a level marker before the time or carry no time at all: klog/glog (`E0519 03:41:02.123456 1 f.go:88]`),
// Ruby Logger/Rails (`E, [2026-07-03T15:22:51.863041 #3158] ERROR -- prog: msg`) and .NET's console (`fail: Ns.Class[0]`).
import type { LogLevel } from '../evidence.js';
import { levelWord } from './levels.js';
import { serviceFromLogger } from './logger-names.js';
import { parseSyslogTime } from './timestamps.js';
import { logfmtPairs } from './structured-formats.js';
import type { ParsedHead } from './parsed-head.js';

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

// Microsoft.Extensions.Logging's console formatter: `fail: Ns.Class[eventId]`, the message on indented lines below.
const DOTNET = /^(trce|dbug|info|warn|fail|crit): ([\w.`+<>$-]{1,300})\[(-?\d+)\](?:\s+([\s\S]*))?$/;
const DOTNET_LEVELS: Record<string, LogLevel> = { trce: 'trace', dbug: 'debug', info: 'info', warn: 'warn', fail: 'error', crit: 'fatal' };

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

function parseKlog(line: string, reference: number): ParsedHead | null {
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
  const head: ParsedHead = { time: time + fraction(m[8]), level: KLOG_LEVELS[m[1]!]!, service: logger ? serviceFromLogger(logger) : null, message };
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
  return { time: time + fraction(m[8]), level: levelWord(m[9]!) ?? RUBY_LEVELS[m[1]!]!, service: prog ? serviceFromLogger(prog) : null, message: m[11] ?? '' };
}

/** `fail: Ns.Class[0]` (.NET console): the category stands as the head's message; the text follows indented. */
export function parseDotnetHead(line: string): ParsedHead | null {
  const m = DOTNET.exec(line);
  if (!m) return null;
  const category = m[2]!;
  return { time: null, level: DOTNET_LEVELS[m[1]!]!, service: serviceFromLogger(category), message: m[4] ? m[4] : `${category}[${m[3]}]` };
}

/**
 * klog/glog and Ruby Logger lines (level letter first) and .NET console heads, or null. Cheap first-character
 * checks keep this off the hot path of other formats.
 */
export function parsePrefixed(line: string, reference: number): ParsedHead | null {
  const c = line.charCodeAt(0);
  const c1 = line.charCodeAt(1);
  if (c1 >= 48 && c1 <= 57) return c === 73 || c === 87 || c === 69 || c === 70 ? parseKlog(line, reference) : null;
  if (c1 === 44) return parseRuby(line);
  if (c >= 97 && c <= 119 && line.charCodeAt(4) === 58) return parseDotnetHead(line);
  return null;
}
