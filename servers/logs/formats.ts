// Format detection per file and the per-format line parser: which lines start an entry and what they say.
// Detection votes over the first lines; ties go to the more specific format.
import type { LogSource } from '../../src/core/evidence.js';
import { parseJsonLine, parseLogfmt } from './structured-formats.js';
import {
  looksLikeContinuation,
  parseAnyStamped,
  parseIsoText,
  parsePlain,
  parseCrashStart,
  parsePython,
  parseStampedOrCrash,
  parseSyslog,
  type ParsedHead,
} from './text-formats.js';

/**
 * `stamped`: lines that open with a timestamp of another shape (Go `log`, `[2025-04-22 07:16:00,898]`, celery,
 * epoch) or access-log lines; lines without one continue the entry. Reported as `plain` in LogSource.
 */
export type LogFormat = LogSource['format'] | 'stamped';
export type LineParser = (line: string) => ParsedHead | null;

const ORDER: LogFormat[] = ['json', 'logfmt', 'iso', 'python', 'syslog', 'stamped'];

/** The format name the shared contract knows. */
export function publicFormat(format: LogFormat): LogSource['format'] {
  return format === 'stamped' ? 'plain' : format;
}

/** The parser for one format: returns null for lines that continue the previous entry. */
export function parserFor(format: LogFormat, reference: number): LineParser {
  // A Go panic or uncaught JVM exception written to the same stream starts an entry in any format.
  switch (format) {
    case 'json':
      return (line) => parseJsonLine(line) ?? parseCrashStart(line);
    case 'logfmt':
      return (line) => parseLogfmt(line) ?? parseCrashStart(line);
    case 'iso':
      return (line) => parseIsoText(line) ?? parseCrashStart(line);
    case 'python':
      return (line) => parsePython(line) ?? parseCrashStart(line);
    case 'syslog':
      return (line) => parseSyslog(line, reference);
    case 'stamped':
      return (line) => parseStampedOrCrash(line, reference);
    case 'plain':
      return (line) => (looksLikeContinuation(line) ? null : parsePlain(line, reference));
  }
}

/** Picks the format most sample lines parse as; `plain` when none fits at least half of them. */
export function detectFormat(sample: string[], reference: number): LogFormat {
  const lines = sample.filter((l) => l.trim().length > 0).slice(0, 200);
  if (lines.length === 0) return 'plain';
  let best: LogFormat = 'plain';
  let bestCount = 0;
  for (const format of ORDER) {
    const parse = format === 'stamped' ? (l: string) => parseAnyStamped(l, reference) : parserFor(format, reference);
    let n = 0;
    for (const l of lines) if (parse(l)) n++;
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
