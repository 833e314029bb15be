// Lines a container runtime stamped one by one that are still one record: `kubectl logs --timestamps` (and
// `docker logs -t`) put the receive time before EVERY line, so a Python traceback's frames each look like an entry.
import { peelStamp } from './merged-prefixes.js';
import { levelWord } from './levels.js';
import { looksLikeContinuation } from './text-formats.js';

/**
 * containerd's CRI logger and Docker's json-file stamp each line as they read it from the pipe, so the lines of one
 * write() (a traceback, a Java trace) carry times microseconds apart; separate records written by the app's logger
 * are rarely that close AND shaped as a frame. Within this much of the line before, a continuation-shaped line joins.
 */
const NEAR_MS = 5;

/**
 * Tracks the stamp of the line before and tells which stamped lines continue its record: a line whose stamp is within
 * NEAR_MS and whose text has a continuation's shape (indented, `Traceback`, `Caused by`, a raised exception's name), or
 * whose stamp is the very same to the sub-millisecond (one write stamped once) and whose text does not open with a
 * level word of its own. A line that opens with a level (`INFO:`, `[ERROR]`) is always a record of its own.
 */
export class StampedRecords {
  private stamp = '';
  private time = Number.NaN;

  /** The line's text after its stamp when it continues the record before it, else null; remembers the line's stamp. */
  continues(line: string): string | null {
    const p = peelStamp(line);
    if (p === null) return null;
    const stamp = line.slice(0, line.length - p.text.length);
    const same = p.nanos && stamp === this.stamp;
    const near = Math.abs(p.time - this.time) <= NEAR_MS;
    this.stamp = stamp;
    this.time = p.time;
    if (!near || opensWithLevel(p.text)) return null;
    return same || looksLikeContinuation(p.text) ? p.text : null;
  }

  /**
   * The line just before a range read from mid-file (a split scan's piece): the range's first line is compared with
   * it, so a piece that starts inside a stamped traceback leaves those lines to the piece before, which finishes them.
   */
  prime(line: string): void {
    const p = peelStamp(line);
    this.stamp = p === null ? '' : line.slice(0, line.length - p.text.length);
    this.time = p === null ? Number.NaN : p.time;
  }

  /** A line read as a record's head without its text (a byte-classified line): its time only, its stamp unknown. */
  head(time: number | null): void {
    this.stamp = '';
    this.time = time ?? Number.NaN;
  }
}

/** True when the unindented text's first word is a level (`INFO:`, `[warn]`, `ERROR`): the head of a record of its own. */
function opensWithLevel(text: string): boolean {
  const m = /^\[?([A-Za-z]{3,11})\b/.exec(text);
  return m !== null && levelWord(m[1]!) !== null;
}

/**
 * StampedRecords for a reader that sees a line and the one before it only (search_logs walks back from a match): the
 * line's text after its stamp when it continues that line's record, else null. One rule, so the two count alike.
 */
export function continuesAfter(before: string, line: string): string | null {
  const r = new StampedRecords();
  r.prime(before);
  return r.continues(line);
}
