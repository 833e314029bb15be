// Dates a file stamped with the time of day only (logback's `HH:mm:ss.SSS`, JBoss's console) as one rising run
// ending at its last line, so a file that runs across midnight does not fall back a day inside itself.
import type { LineParser } from './parsed-head.js';
import { clockBefore } from './timestamps.js';

const DAY = 86_400_000;
/** Lines up to this much later than the file's last line (threads flushing out of order) stay on its day. */
const LATE_MS = 3_600_000;

/**
 * How a file's stamps are dated. `reference` dates yearless and dateless stamps line by line (parseSyslogTime,
 * parseClockTime); `clockLimit`, for a file stamped with the time of day only, is the latest instant its times may
 * take: each then lands in the day before it, whatever the others, so every reader of the file (a scan from its
 * start, a probe in its middle, a search that parses only matching lines) dates a line alike.
 */
export interface Dating {
  reference: number;
  clockLimit?: number;
}

/** True when `line` opens with a time of day (`10:49:16`, `[10:49:16`): the only shape with a colon there. */
export function clockStamped(line: string): boolean {
  const o = line.charCodeAt(0) === 91 ? 1 : 0;
  const a = line.charCodeAt(o);
  const b = line.charCodeAt(o + 1);
  return a >= 48 && a <= 50 && b >= 48 && b <= 57 && line.charCodeAt(o + 2) === 58;
}

/** Milliseconds into the day of the last entry in `lines` that a time of day alone stamps, or null when none does. */
export function lastClock(lines: string[], parse: LineParser): number | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!clockStamped(line)) continue;
    const t = parse(line)?.time;
    if (t !== undefined && t !== null) return ((t % DAY) + DAY) % DAY;
  }
  return null;
}

/**
 * The clockLimit of a file whose last time of day is `last` (ms into the day), written no later than `written`:
 * that line is put on the latest day not more than half a day after `written` (room for a zone-less clock ahead of
 * UTC, as parseClockTime leaves), and the file's other lines in the day up to it.
 */
export function clockLimit(last: number, written: number): number {
  return clockBefore(last, written + DAY / 2) + LATE_MS;
}

/** `parse` with the times of time-of-day lines moved to the day before `limit` (other lines as they were). */
export function risingClock(parse: LineParser, limit: number): LineParser {
  const dated: LineParser = (line) => {
    const head = parse(line);
    if (head === null || head.time === null || !clockStamped(line)) return head;
    const time = clockBefore(head.time, limit);
    return time === head.time ? head : { ...head, time };
  };
  if (parse.inner) dated.inner = parse.inner;
  return dated;
}
