// NestJS's ConsoleLogger: `[Nest] 19  - 11/04/2026, 10:16:00 AM   ERROR [ExceptionsHandler] message`, a stack on
// the lines below an ERROR. The bracketed context names the class or module that logged (a logger), never the service.
import type { ParsedHead } from './parsed-head.js';
import { levelWord } from './levels.js';

// `formatPid`: `[<prefix>] <pid>  - ` (the prefix is `Nest` unless the app names its own); then Intl's default
// date-time (en-US: `MM/DD/YYYY, h:mm:ss AM`, Node 20+ writes U+202F before the AM/PM, older ones a space; a 24-hour
// locale writes no AM/PM), the level right-aligned to 7 characters, the context in brackets, the message, and with
// `timestamp: true` the time since the last line (` +12ms`).
const NEST =
  /^\[([A-Za-z][\w.-]{0,40})\] (\d{1,10}) {1,2}- (\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:[ \u202f\u00a0]([AP]M))? +(LOG|ERROR|WARN|DEBUG|VERBOSE|FATAL) (?:\[([^\]]{1,200})\] ?)?([\s\S]*?)(?: \+\d+ms)?$/;
// Colour codes, when the app wrote to a terminal or forced colours (FORCE_COLOR) into a file.
const ANSI = /\x1b\[[\d;]*m/g;

/**
 * A ConsoleLogger line, or null. The time has no zone: Intl formats it in the process's local zone, which the line
 * does not say, so it is read as UTC (containers run in UTC unless TZ is set).
 */
export function parseNest(line: string): ParsedHead | null {
  const text = line.charCodeAt(0) === 27 ? line.replace(ANSI, '') : line;
  // `[Nest] 19 ` : a bracketed word, then the pid's first digit.
  const close = text.indexOf('] ', 1);
  if (close < 2 || close > 42) return null;
  const d = text.charCodeAt(close + 2);
  if (d < 48 || d > 57) return null;
  const m = NEST.exec(text);
  if (!m) return null;
  const hour = m[9] ? (Number(m[6]) % 12) + (m[9] === 'PM' ? 12 : 0) : Number(m[6]);
  const time = Date.UTC(Number(m[5]), Number(m[3]) - 1, Number(m[4]), hour, Number(m[7]), Number(m[8]));
  if (Number.isNaN(time) || hour > 23) return null;
  // LOG is Nest's word for info; VERBOSE is below debug.
  const level = m[10] === 'LOG' ? 'info' : levelWord(m[10]!)!;
  const fields: Record<string, unknown> = { pid: Number(m[2]) };
  if (m[11]) fields.logger = m[11];
  return { time, level, service: null, message: m[12]!, fields, dialect: 'nestjs' };
}
