// Log level normalisation: every format's level words map onto the shared LogLevel of src/core/evidence.ts.
// Formats without levels (syslog, plain) get one inferred from the message's wording, so min_level still works.
import type { LogLevel } from '../evidence.js';

// With the abbreviations of Serilog's console (VRB DBG INF WRN ERR FTL); logrus' four-letter ones are its parser's own.
const WORDS: Record<string, LogLevel> = {
  trace: 'trace', verbose: 'trace', finest: 'trace', finer: 'trace', vrb: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug',
  info: 'info', information: 'info', informational: 'info', inf: 'info',
  notice: 'notice',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', severe: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal', panic: 'fatal', ftl: 'fatal',
};

/**
 * A level's rank, unknown -1 to fatal 6. A switch: the scans ask it for every line, and reading an object by a
 * level's name costs several times more than these comparisons of interned strings.
 */
export function levelRank(level: LogLevel): number {
  switch (level) {
    case 'info': return 2;
    case 'warn': return 4;
    case 'error': return 5;
    case 'debug': return 1;
    case 'fatal': return 6;
    case 'trace': return 0;
    case 'notice': return 3;
    default: return -1;
  }
}

/** Syslog's severities 0 (emerg) to 7 (debug) as levels: every reader of a numeric syslog severity takes this one. */
export const SYSLOG_LEVELS: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'notice', 'info', 'debug'];

export const LEVEL_NAMES: LogLevel[] = ['unknown', 'trace', 'debug', 'info', 'notice', 'warn', 'error', 'fatal'];

export const LEVEL_RANK = Object.fromEntries(LEVEL_NAMES.map((l) => [l, levelRank(l)])) as Record<LogLevel, number>;

/** Maps a level word (any case) to a LogLevel, or null when the word is not a level. */
export function levelWord(word: string): LogLevel | null {
  return WORDS[word.toLowerCase()] ?? null;
}

/** Like levelWord, also accepting syslog numeric severities (0-7) and pino/bunyan numbers (10-60). */
export function normalizeLevel(value: unknown): LogLevel {
  if (typeof value === 'number') {
    if (value >= 10) return value >= 60 ? 'fatal' : value >= 50 ? 'error' : value >= 40 ? 'warn' : value >= 30 ? 'info' : value >= 20 ? 'debug' : 'trace';
    return SYSLOG_LEVELS[value] ?? 'unknown';
  }
  if (typeof value !== 'string') return 'unknown';
  const word = value.trim();
  // journald's PRIORITY and some shippers write the number as a string ("3", "50").
  if (/^\d{1,2}$/.test(word)) return normalizeLevel(Number(word));
  return levelWord(word) ?? 'unknown';
}

const ERROR_WORDS = /\b(?:error|errors|exception|fatal|panic|failed|failure|fails|refused|denied|timed out|timeout|segfault|oom|oomkilled|killed|out of memory|cannot allocate memory|unreachable)\b/i;
const WARN_WORDS = /\b(?:warn|warning|retrying|deprecated|slow)\b/i;
// A count of none is no error: progress and summary lines (restic's `0 errors`, a test run's `errors: 0`, `no errors
// found`, `completed without errors`). Only their error words are taken out; any other one still counts.
const ZERO_HINT = /\b(?:0|no|zero|without)\b/i;
const ZERO_COUNT = /\b(?:0|no|zero|without)\s+(?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed)["']?\s*[:=]\s*["']?0(?![\d.])/gi;
// Crash shapes that carry no level field: Go panics and runtime faults, uncaught Python/JVM/.NET exceptions.
const FATAL_START = /^(?:panic: |fatal error: |SIGSEGV|Segmentation fault|\*\*\* )/;
const ERROR_START = /^(?:Traceback \(most recent call last\)|Unhandled exception|Exception in thread |(?:[A-Za-z_$][\w$]*\.)*[A-Z]\w*(?:Error|Exception|Fault)\b:?)/;
// `level=warn`, `"level":"error"`, `severity: ERROR`, `<error>`, `[WARN]` inside free text (a wrapped structured line).
const LEVEL_TOKEN = /(?:\b(?:level|lvl|severity|loglevel)["']?\s*[=:]\s*["']?|<|\[)([A-Za-z]{3,11})\b[>\]]?/gi;

/** A level named inside free text (`level=warn`, `<error>`, `[WARN]`), or null. */
export function embeddedLevel(message: string): LogLevel | null {
  const re = LEVEL_TOKEN;
  re.lastIndex = 0;
  let k = 0;
  for (let m = re.exec(message); m && k < 4; m = re.exec(message), k++) {
    const w = levelWord(m[1]!);
    if (w) return w;
  }
  return null;
}

// `GET /x HTTP/1.1" 503`, `GET /x 503 12ms`, `GET /x -> 503`, `status=503`, `"status":503`.
const REQUEST_STATUS = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S+(?:\s+HTTP\/[\d.]+"?)?\s+(?:-+>?\s+)?([1-5]\d\d)\b|\b(?:status|status_code|http_status|code)["']?[=:]\s*"?([1-5]\d\d)\b/;

/** The HTTP status a request line reports, or null. */
export function statusInText(message: string): number | null {
  const m = REQUEST_STATUS.exec(message.length > 400 ? message.slice(0, 400) : message);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** HTTP status to level: 5xx error, 4xx warn (access logs and request lines without a level). */
export function levelFromStatus(status: number): LogLevel | null {
  if (!Number.isFinite(status) || status < 100 || status > 599) return null;
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** For entries whose format carries no level: a guess from the wording, so error mining still sees them. */
export function inferLevel(message: string): LogLevel {
  const text = message.trimStart();
  if (FATAL_START.test(text)) return 'fatal';
  const named = embeddedLevel(message.length > 300 ? message.slice(0, 300) : message);
  if (named) return named;
  const status = statusInText(message);
  if (status !== null) return levelFromStatus(status) ?? 'info';
  if (ERROR_START.test(text) || saysError(message)) return 'error';
  if (WARN_WORDS.test(message)) return 'warn';
  return 'info';
}

/** True when an error word stands in the message other than in a count of none. */
function saysError(message: string): boolean {
  if (!ERROR_WORDS.test(message)) return false;
  return !ZERO_HINT.test(message) || ERROR_WORDS.test(message.replace(ZERO_COUNT, ' '));
}

export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return levelRank(level) >= levelRank(min);
}
