// Parsers for the line-oriented text formats: ISO-8601 text, Python logging, syslog and plain lines.
// Each returns null for a line that does not start an entry, which is how continuation lines are told apart.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { inferLevel, levelWord, SYSLOG_LEVELS } from './levels.js';
import { parseIsoLike, parseSyslogTime } from './timestamps.js';
import { parseStamped } from './fast-stamped.js';
import { bracketed, colonHead, messageBody, parseAfterTime } from './after-time.js';
import { leadingTime } from './leading-time.js';
import { parseAccessLine, parseAlbLine, parseEnvoyLine, parseIisLine, parseSquidLine } from './access-log.js';
import { serviceFromLogger as loggerService } from './logger-names.js';
import { parsePrefixed } from './prefixed-formats.js';
import { dotnetShaped, parseDotnetHead } from './dotnet-console.js';
import { parseWebServerError } from './web-server-errors.js';
import { parseMysqlSlow } from './mysql-slow.js';
import { programBody, programService, withOrigin } from './syslog-programs.js';
import { uwsgiNotice } from './uwsgi.js';
import { phpFpmRest } from './php-fpm.js';
import { uvicornLine } from './uvicorn.js';

// `2025-03-04T10:15:02.123Z ERROR [svc] msg`, also `[ERROR]`, `svc:` or `- ` separators.
const ISO_LINE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(?:-\s+)?\[?([A-Za-z]+)\]?\s+(?:-\s+)?(?:\[([^\]\s]{1,80})\]:?\s+|([a-z_][\w.$-]{0,80}):\s+)?([\s\S]*)$/;

// `2025-03-04 10:15:02,123 ERROR svc.app: msg`, also without the logger or with `[thread]`.
const PY_LINE =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?)\s+(?:-\s+)?\[?([A-Za-z]+)\]?\s+(?:-\s+)?(?:\[[^\]]{0,80}\]\s+)?(?:([a-z_][\w.$-]{0,80}):\s+|\[([^\]\s]{1,80})\]\s+)?([\s\S]*)$/;

// `Mar  4 10:15:02 host app[123]: msg` (BSD) and `<34>1 2025-03-04T10:15:02Z host app 123 - - msg` (RFC 5424).
// The hostname is left out when a program logs to the local socket (`haproxy[12]: ...`); a hostname never ends
// in a colon, so `haproxy[12]:` is the tag then, not the host.
const BSD_SYSLOG = /^(?:<\d{1,3}>)?([A-Z][a-z]{2})\s+(\d{1,2}) (\d{2}:\d{2}:\d{2}) (?:(\S*[^\s:]) )?([^\s:[]{1,80})(?:\[([\d.]+)\])?:\s?([\s\S]*)$/;
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (?:-|\[[^\]]*\])\s?([\s\S]*)$/;

/** Python logger names are dotted modules: `billing.app` is the billing service (class names: none). */
export function serviceFromLogger(name: string): string | null {
  return loggerService(name);
}

/** `name: message` after the level, as parseStamped reads it: a JVM logger kept (colonHead), else a service. */
function named(name: string | undefined, message: string, level: LogLevel): Omit<ParsedHead, 'time'> {
  if (!name) return { level, service: null, message };
  return colonHead(name, message, level) ?? { level, service: serviceFromLogger(name), message };
}

function levelOf(word: string | undefined, message: string): LogLevel | null {
  if (!word) return inferLevel(message);
  return levelWord(word);
}

export function parseIsoText(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const fast = parseStamped(line, 84);
  if (fast) return fast;
  const m = ISO_LINE.exec(line);
  if (!m) return null;
  const level = levelWord(m[2]!);
  const time = parseIsoLike(m[1]!);
  if (level === null) {
    // The word after the time is not a level: syslog/journald, `- logger - LEVEL -`, or free text.
    return { time, ...parseAfterTime(line.slice(m[1]!.length).trimStart()) };
  }
  if (m[3]) return { time, ...bracketed(m[3], m[5] ?? '', level) };
  return { time, ...named(m[4], m[5] ?? '', level) };
}

export function parsePython(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  // IIS's W3C lines share the head (`2026-11-03 08:30:01 10.0.4.21 GET ...`): their status is their level.
  const last = line.charCodeAt(line.length - 1);
  const iis = last >= 48 && last <= 57 ? parseIisLine(line) : null;
  if (iis) return iis;
  // loguru writes ` | ` after the time, where Python logging writes the level.
  const loguru = line.charCodeAt(line.indexOf(' ', 11) + 1) === 124 ? parseLoguru(line) : null;
  if (loguru) return loguru;
  const fast = parseStamped(line, 32);
  if (fast) return fast;
  const m = PY_LINE.exec(line);
  if (!m) return null;
  const time = parseIsoLike(m[1]!);
  const level = levelWord(m[2]!);
  if (level === null) return { time, ...parseAfterTime(line.slice(m[1]!.length).trimStart()) };
  if (m[4]) return { time, ...bracketed(m[4], m[5] ?? '', level) };
  return { time, ...named(m[3], m[5] ?? '', level) };
}

export function parseSyslog(line: string, reference: number): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c === 60) {
    const r = RFC5424.exec(line);
    if (r) {
      const sev = Number(r[1]) % 8;
      const level = SYSLOG_LEVELS[sev]!;
      return { time: parseIsoLike(r[2]!), level, service: r[4] === '-' ? null : r[4]!, message: r[7] ?? '' };
    }
  }
  const m = BSD_SYSLOG.exec(line);
  if (!m) return null;
  let prog = programService(m[5]!.replace(/\.service$/, ''));
  const body = m[7] ?? '';
  // systemd reports about units: `systemd[1]: auth.service: Main process exited` is about auth.
  if (prog === 'systemd' || prog === 'init') prog = /^([\w@.-]+?)\.(?:service|socket|timer|scope): |\b([\w@-]+)\.service\b/.exec(body)?.slice(1).find(Boolean) ?? prog;
  const rest = withOrigin(programBody(prog, body) ?? messageBody(body, prog), m[4] || undefined, m[6]);
  return { time: parseSyslogTime(m[1]!, m[2]!, m[3]!, reference), ...rest };
}

const LEVEL_TOKEN = /^\[?([A-Za-z]{3,11})\]?:?(?:\s|$)/;

// loguru's default format: `2026-09-08 14:19:22.123 | ERROR    | pkg.module:function:42 - message`.
const LOGURU = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?) \| ([A-Z]+) *\| ([\w.<>-]+):([\w<>]+):(\d+) - ([\s\S]*)$/;

/**
 * A loguru line: module:function:line is the statement. The module is the code's own package (`sender.worker` in the
 * email-sender app), not a deployment: the service is left to the file or container, as for a line that names none.
 */
function parseLoguru(line: string): ParsedHead | null {
  const m = LOGURU.exec(line);
  // loguru's own SUCCESS level sits between INFO and WARNING.
  const level = m ? (levelWord(m[2]!) ?? (m[2] === 'SUCCESS' ? 'info' : null)) : null;
  if (!m || level === null) return null;
  return { time: parseIsoLike(m[1]!), level, service: null, message: m[6]!, fields: { logger: `${m[3]}:${m[4]}:${m[5]}` } };
}

/**
 * Lines that start with a timestamp of any common shape (Go `log`, bracketed log4j, celery, epoch, syslog
 * with an ISO stamp), nginx/Apache error logs, klog/Ruby Logger/.NET console heads or access-log lines; null for anything
 * else, which continues the entry above.
 */
export function parseAnyStamped(line: string, reference: number): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9 || line.length < 8) return null;
  const web = parseWebServerError(line);
  if (web) return web;
  // Envoy's `[ISO] "GET /x HTTP/1.1" 503 UH ...` would read as a bracketed time and free text.
  const envoy = c === 91 ? parseEnvoyLine(line) : null;
  if (envoy) return envoy;
  const slow = c === 35 ? parseMysqlSlow(line) : null;
  if (slow) return slow;
  // Squid's `1798467683.966      0 10.20.3.57 TCP_DENIED/403 ...` would read as an epoch time and free text.
  const squid = c >= 48 && c <= 57 && line.charCodeAt(10) === 46 ? parseSquidLine(line) : null;
  if (squid) return squid;
  const t = leadingTime(line, reference);
  // java.util.logging's first line says only when and where (`Dec 05, 2026 1:42:00 AM com.x.Payments charge`): an
  // entry below every level, which dates the `SEVERE: msg` line under it.
  if (t?.jul) return { time: t.time, level: 'trace', service: null, message: t.rest };
  if (t) {
    // .NET console with a TimestampFormat: `2026-07-03 15:22:51 fail: Ns.Class[0]`.
    const dotnet = dotnetShaped(t.rest) ? parseDotnetHead(t.rest) : null;
    if (dotnet) return { ...dotnet, time: t.time };
    // PHP-FPM's `[24-Nov-2026 19:05:12] WARNING: [pool www] ...` and its slowlog's `[pool www] pid 1234`.
    const fpm = c === 91 && line.charCodeAt(3) === 45 ? phpFpmRest(t.rest) : null;
    if (fpm) return { ...fpm, time: t.time };
    // uWSGI's `<ctime> - *** HARAKIRI ON WORKER 4 ...`.
    const uwsgi = t.rest.charCodeAt(0) === 45 || t.rest.charCodeAt(0) === 72 ? uwsgiNotice(t.rest) : null;
    if (uwsgi) return { ...uwsgi, time: t.time };
    return { time: t.time, ...parseAfterTime(t.rest, t.inBracket) };
  }
  return parsePrefixed(line, reference) ?? parseAccessLine(line) ?? parseAlbLine(line);
}

// Crash reports printed without the logger's prefix start a new entry even in stamped files.
const UNSTAMPED_START = /^(?:panic: |fatal error: |Exception in thread "|Unhandled exception\.)/;

/**
 * The JVM's report of a virtual thread pinning its carrier (`-Djdk.tracePinnedThreads`, JDK 21): printed to stdout
 * outside the logger, it opens with the carrier (`Thread[#29,ForkJoinPool-1-worker-1,5,CarrierThreads]`, the JDK's
 * thread group for carriers) and lists the frames holding a monitor (`<== monitors:1`). A carrier blocked under a
 * monitor serves no other virtual thread, so it is a warning of its own, not a line of the log record above it.
 */
const PINNED_CARRIER = /^Thread\[#\d+,[^\]]*,CarrierThreads\]\s*$/;

/** A crash report printed straight to stderr (`panic: ...`) amid formatted lines: an entry of its own. */
export function parseCrashStart(line: string): ParsedHead | null {
  if (line.charCodeAt(0) === 84 && PINNED_CARRIER.test(line)) return { time: null, level: 'warn', service: null, message: line };
  return UNSTAMPED_START.test(line) ? { time: null, level: inferLevel(line), service: null, message: line } : null;
}

/** For stamped files: a line without a stamp continues the entry above unless it opens a crash report. */
export function parseStampedOrCrash(line: string, reference: number): ParsedHead | null {
  return parseAnyStamped(line, reference) ?? parseCrashStart(line);
}

// Python's logging.basicConfig() default, `%(levelname)s:%(name)s:%(message)s`: `ERROR:billing.api:charge failed`.
const PYTHON_BASIC = /^(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG):([A-Za-z_][\w.-]{0,120}):([\s\S]*)$/;

/** Anything else: an optional leading timestamp, a level word among the first tokens, else a guess. */
export function parsePlain(line: string, reference = Date.now()): ParsedHead {
  const stamped = parseAnyStamped(line, reference);
  if (stamped) return stamped;
  const c = line.charCodeAt(0);
  const basic = c >= 65 && c <= 90 ? PYTHON_BASIC.exec(line) : null;
  // The root logger names no service (the file does).
  if (basic) return { time: null, level: levelWord(basic[1]!)!, service: basic[2] === 'root' ? null : serviceFromLogger(basic[2]!), message: basic[3]! };
  const lv = LEVEL_TOKEN.exec(line);
  const word = lv ? levelWord(lv[1]!) : null;
  if (!word) return { time: null, level: levelOf(undefined, line) ?? 'unknown', service: null, message: line };
  const message = line.slice(lv![0].length).trimStart();
  return uvicornLine(line, word, message) ?? { time: null, level: word, service: null, message };
}

// PHP-FPM's slowlog puts the script and the frames (`[0x00007f...] curl_exec() /x.php:41`) under its head.
const CONTINUATION = /^(?:\s|Caused by|Traceback|\.\.\. \d+ more|[A-Za-z_][\w.]*(?:Error|Exception)\b|The above exception was|During handling of the above exception|\[0x[0-9a-f]{8,16}\] |script_filename = )/;
// A statement's lines under its slow-log header (`# Query_time:`, `SET timestamp=`, the SQL): keywords in capitals, or
// a lowercase statement ended by its semicolon (`use shop;`). Not any line that opens with "Order" or "from": in a plain
// file that is a message of its own.
const SQL_LINE = /^(?:# Query_time: |SET timestamp=|(?:SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|CALL|USE|FROM|WHERE|JOIN|LEFT|INNER|ORDER|GROUP|LIMIT|AND|OR|VALUES)\b|(?:select|insert|update|delete|with|replace|call|use)\b.*;\s*$)/;

/** For plain files: a line that belongs to the entry above it (stack frames, wrapped text). */
export function looksLikeContinuation(line: string): boolean {
  return line.length === 0 || CONTINUATION.test(line) || SQL_LINE.test(line);
}
