// Per-file facts a log reader (the logs server's tools, rca patterns) needs first: size, binary or empty, and
// the detected format. Cached by path, size and mtime, so repeated calls do not re-sniff unchanged files.
import { stat } from 'node:fs/promises';
import { readHead, readTail } from './chunk-reader.js';
import { detectFormat, parserFor, type LogFormat } from './formats.js';
import { clockLimit, clockStamped, lastClock, type Dating } from './clock-days.js';
import { lastDatedStamp, lastWritten, runsPastMtime } from './dated-stamps.js';

export interface FileInfo {
  file: string;
  bytes: number;
  mtimeMs: number;
  binary: boolean;
  empty: boolean;
  format: LogFormat;
  /** A file stamped with the time of day only: ms into the day of its last entry (what dates it, datingOf). */
  clockTail?: number;
  /** Its latest fully dated stamp, read only when its stamps run past its mtime (dated-stamps.ts). */
  datedPast?: number;
  /** Set per source set (sourceSetDating): the latest dated stamp of the set that runs past its file's mtime. */
  stampsUntil?: number;
}

/** By path, with the size and mtime sniffed; the promise, so concurrent calls on a cold file sniff it once. */
const cache = new Map<string, { bytes: number; mtimeMs: number; info: Promise<FileInfo> }>();

/**
 * The instant that dates a file's yearless stamps (BSD syslog `Apr 22 07:16:00`): a file is not written after
 * its mtime, so the year is the one that puts the stamps at or before min(now or --at, mtime + 1 day). Where the
 * source set's dated stamps run past their mtimes, those stamps stand for the mtime (lastWritten).
 */
export function yearReference(info: Pick<FileInfo, 'mtimeMs' | 'stampsUntil'>, now: number): number {
  const written = lastWritten(info);
  return written === null ? now : Math.min(now, written + 86_400_000);
}

/**
 * How a call at `now` dates the file's stamps: yearReference, and for a time-of-day file the day its last line falls
 * on, from when it was last written (lastWritten), the rest rising up to it (clock-days.ts).
 */
export function datingOf(info: Pick<FileInfo, 'mtimeMs' | 'clockTail' | 'stampsUntil'>, now: number): Dating {
  const reference = yearReference(info, now);
  if (info.clockTail === undefined) return { reference };
  const written = lastWritten(info);
  return { reference, clockLimit: clockLimit(info.clockTail, written === null ? now : Math.min(now, written)) };
}

/** True when the bytes look like something other than text (NUL bytes or many control characters). */
export function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let control = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

export async function inspectFile(file: string, reference: number): Promise<FileInfo> {
  const st = await stat(file);
  const hit = cache.get(file);
  if (hit && hit.bytes === st.size && hit.mtimeMs === st.mtimeMs) return hit.info;
  const info = sniff(file, st.size, st.mtimeMs, reference);
  if (cache.size > 5_000) cache.clear();
  const entry = { bytes: st.size, mtimeMs: st.mtimeMs, info };
  cache.set(file, entry);
  // A failed read is not remembered: the next call tries again.
  info.catch(() => cache.get(file) === entry && cache.delete(file));
  return info;
}

async function sniff(file: string, size: number, mtimeMs: number, reference: number): Promise<FileInfo> {
  const head = size === 0 ? Buffer.alloc(0) : await readHead(file);
  const binary = looksBinary(head);
  const text = binary ? '' : head.toString('utf8');
  // Drop a possibly cut last line before sniffing.
  const lines = text.split('\n');
  if (head.length >= 64 * 1024) lines.pop();
  const format = binary ? 'plain' : detectFormat(lines.map((l) => l.replace(/\r$/, '')), yearReference({ mtimeMs }, reference));
  const clockTail = binary ? null : await lastClockOf(file, size, format, lines, head.length, reference);
  const datedPast = binary ? null : await datedPastOf(file, size, mtimeMs, format, lines, head.length, reference);
  return {
    file,
    bytes: size,
    mtimeMs,
    binary,
    empty: head.length === 0 || text.trim().length === 0,
    format,
    ...(clockTail !== null ? { clockTail } : {}),
    ...(datedPast !== null ? { datedPast } : {}),
  };
}

/**
 * For a text file stamped with the time of day only (its head shows such a stamp): that of its last entry, from its
 * last 64 KiB. Null for other files and for .gz streams, whose end cannot be read without inflating them whole.
 */
async function lastClockOf(file: string, size: number, format: LogFormat, head: string[], headBytes: number, reference: number): Promise<number | null> {
  if ((format !== 'stamped' && format !== 'plain') || file.endsWith('.gz')) return null;
  const parse = parserFor(format, reference);
  if (!head.some((l) => clockStamped(l) && typeof parse(l.replace(/\r$/, ''))?.time === 'number')) return null;
  if (size <= headBytes) return lastClock(head, parse);
  const tail = (await readTail(file, size)).toString('utf8').split('\n');
  tail.shift(); // possibly cut
  return lastClock(tail, parse);
}

/**
 * The file's latest fully dated stamp when its head's already runs past its mtime (else null, with no read): from its
 * last 64 KiB, or the head's for a small file or a .gz stream. Files whose stamps fit their mtimes cost nothing more.
 */
async function datedPastOf(file: string, size: number, mtimeMs: number, format: LogFormat, head: string[], headBytes: number, reference: number): Promise<number | null> {
  const inHead = lastDatedStamp(head, format, reference);
  if (inHead === null || !runsPastMtime(inHead, mtimeMs)) return null;
  if (size <= headBytes || file.endsWith('.gz')) return inHead;
  const tail = (await readTail(file, size)).toString('utf8').split('\n');
  tail.shift(); // possibly cut
  return Math.max(inHead, lastDatedStamp(tail, format, reference) ?? -Infinity);
}
