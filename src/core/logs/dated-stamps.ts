// Fully dated stamps as the clock for yearless and dateless ones: mtime is the disk's clock, not the writers'; where a
// set's dated stamps run past their files' mtimes (checked out or copied early, a skewed host) they bound the writes.
import { parserFor, type LogFormat } from './formats.js';

const DAY = 86_400_000;
/** Stamped lines tried from the end of a sample: a file whose last ones carry no year carries none. */
const TRIES = 16;

/**
 * The latest stamp among the last lines of `lines` that names its own date and year: one read alike whatever the
 * reference (an ISO or epoch stamp, not syslog's `Dec 22 10:01:02` nor a time of day). Null when none does.
 */
export function lastDatedStamp(lines: string[], format: LogFormat, reference: number): number | null {
  // A journal export's entries span blocks of lines: read from the end they are no entries at all.
  if (format === 'journal' || format.endsWith(':journal')) return null;
  const here = parserFor(format, reference);
  const apart = parserFor(format, reference - 1000 * DAY);
  let tries = 0;
  for (let i = lines.length - 1; i >= 0 && tries < TRIES; i--) {
    const line = lines[i]!.replace(/\r$/, '');
    const t = here(line)?.time;
    if (t === undefined || t === null) continue;
    tries++;
    if (apart(line)?.time === t) return t;
  }
  return null;
}

/** What sourceSetDating reads and writes of a file (FileInfo's fields). */
export interface SetDated {
  mtimeMs: number;
  /** The file's latest fully dated stamp, known only when its stamps run past its mtime by more than a day. */
  datedPast?: number;
  /** The latest such stamp of the whole source set (sourceSetDating). */
  stampsUntil?: number;
}

/** True when the file's dated stamps run past its mtime: more than a day, so a zone-less local clock is no cause. */
export function runsPastMtime(stamp: number, mtimeMs: number): boolean {
  return mtimeMs > 0 && stamp > mtimeMs + DAY;
}

/**
 * The files of one source set, each told the latest dated stamp that runs past its file's mtime: the files were
 * written by the same systems over the same hours, so once one shows the mtimes are behind the writers' clock, the
 * other files' mtimes say no more about the year of their yearless stamps (yearReference uses the later of the two).
 */
export function sourceSetDating<T extends SetDated>(files: T[]): T[] {
  let until = -Infinity;
  for (const f of files) if (f.datedPast !== undefined && f.datedPast > until) until = f.datedPast;
  return until === -Infinity ? files : files.map((f) => ({ ...f, stampsUntil: until }));
}

/**
 * The latest instant the file's lines may have been written, as far as the disk tells: its mtime, or the source set's
 * dated stamps when they run past it (sourceSetDating). Null without an mtime.
 */
export function lastWritten(info: SetDated): number | null {
  return info.mtimeMs > 0 ? Math.max(info.mtimeMs, info.stampsUntil ?? -Infinity) : null;
}
