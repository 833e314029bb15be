// Log level normalisation: every format's level words map onto the shared LogLevel of src/core/evidence.ts.
// Formats without levels (syslog, plain) get one inferred from the message's wording, so min_level still works.
import type { LogLevel } from '../../src/core/evidence.js';

const WORDS: Record<string, LogLevel> = {
  trace: 'trace', verbose: 'trace', finest: 'trace', finer: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug',
  info: 'info', information: 'info', informational: 'info',
  notice: 'notice',
  warn: 'warn', warning: 'warn',
  error: 'error', err: 'error', severe: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal', panic: 'fatal',
};

export const LEVEL_RANK: Record<LogLevel, number> = {
  unknown: -1, trace: 0, debug: 1, info: 2, notice: 3, warn: 4, error: 5, fatal: 6,
};

export const LEVEL_NAMES = Object.keys(LEVEL_RANK) as LogLevel[];

/** Maps a level word (any case) to a LogLevel, or null when the word is not a level. */
export function levelWord(word: string): LogLevel | null {
  return WORDS[word.toLowerCase()] ?? null;
}

/** Like levelWord, also accepting syslog numeric severities (0-7) and pino/bunyan numbers (10-60). */
export function normalizeLevel(value: unknown): LogLevel {
  if (typeof value === 'number') {
    if (value >= 10) return value >= 60 ? 'fatal' : value >= 50 ? 'error' : value >= 40 ? 'warn' : value >= 30 ? 'info' : value >= 20 ? 'debug' : 'trace';
    return (['fatal', 'fatal', 'fatal', 'error', 'warn', 'notice', 'info', 'debug'] as LogLevel[])[value] ?? 'unknown';
  }
  if (typeof value !== 'string') return 'unknown';
  return levelWord(value.trim()) ?? 'unknown';
}

const ERROR_WORDS = /\b(?:error|errors|exception|fatal|panic|failed|failure|fails|refused|denied|timed out|timeout|segfault|oom|killed)\b/i;
const WARN_WORDS = /\b(?:warn|warning|retrying|deprecated|slow)\b/i;

/** For entries whose format carries no level: a guess from the wording, so error mining still sees them. */
export function inferLevel(message: string): LogLevel {
  if (ERROR_WORDS.test(message)) return 'error';
  if (WARN_WORDS.test(message)) return 'warn';
  return 'info';
}

export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[min];
}
