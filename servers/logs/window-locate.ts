// Finds the stretches of a not yet indexed part of a file (a gap of its time index) that may hold a window's
// entries, by probing line times: an even grid of probes first, then bisection of the intervals a window edge
// falls in. Files are nearly time-ordered; where probes go backwards the interval spans both times (widened).
import { open, type FileHandle } from 'node:fs/promises';
import type { TimeWindow } from '../../src/core/time.js';
import type { LineParser } from '../../src/core/logs/parsed-head.js';

const PROBE_BYTES = 32 * 1024;
/** Intervals are not bisected below this: one read of this size is cheaper than more probes. */
export const LEAF_BYTES = 64 * 1024;
/** Grid probes per gap: one per 4 MiB, at least 16 (enough to see a file is out of order) and at most 64. */
const GRID = { min: 16, max: 64, step: 4 << 20 };
/** Bisection probes per gap before every undecided interval is simply read. */
const MAX_PROBES = 400;
/** Out-of-order slack tolerated between neighbouring lines (buffered writers, several threads). */
export const SLACK_MS = 5 * 60_000;

export interface Probe {
  /** A line start (the first at or after where the probe looked). */
  offset: number;
  /** Time of the first timed line from there (null: none within the probe). */
  time: number | null;
}

/** The first line start at or after `at` (within [at, limit)) and the time of the first timed line from there. */
export async function probeAt(fh: FileHandle, at: number, limit: number, parse: LineParser): Promise<Probe> {
  const buf = Buffer.allocUnsafe(Math.max(0, Math.min(PROBE_BYTES, limit - at)));
  const { bytesRead } = await fh.read(buf, 0, buf.length, at);
  const bytes = buf.subarray(0, bytesRead);
  const nl = at === 0 ? -1 : bytes.indexOf(10);
  if (at > 0 && nl < 0) return { offset: limit, time: null };
  const offset = at + nl + 1;
  const lines = bytes.subarray(nl + 1).toString('utf8').split('\n');
  if (at + bytesRead < limit) lines.pop(); // possibly cut
  for (const l of lines) {
    const t = parse(l.endsWith('\r') ? l.slice(0, -1) : l)?.time;
    if (t !== undefined && t !== null) return { offset, time: t };
  }
  return { offset, time: null };
}

interface Bounds {
  lo: number;
  hi: number;
}

/** The times an interval between two probes may hold: between theirs, with slack, whatever their order. */
function boundsOf(a: number | null, b: number | null): Bounds {
  const lo = a === null ? -Infinity : b === null ? a : Math.min(a, b);
  const hi = b === null ? Infinity : a === null ? b : Math.max(a, b);
  return { lo: lo - SLACK_MS, hi: hi + SLACK_MS };
}

const overlaps = (x: Bounds, windows: TimeWindow[]) => windows.some((w) => (w.from === null || x.hi >= w.from) && (w.to === null || x.lo <= w.to));
const inside = (x: Bounds, windows: TimeWindow[]) => windows.some((w) => (w.from === null || x.lo >= w.from) && (w.to === null || x.hi <= w.to));

export interface Located {
  /** Stretches to read, at line starts, in file order. */
  ranges: Array<{ from: number; to: number }>;
  probes: number;
  /** Probes went backwards too often for bisection to be trusted: the whole gap is read. */
  unsorted: boolean;
}

/**
 * The stretches of [gap.from, gap.to) (gap.from a line start) whose entries may fall in a window. `before` is the
 * latest time just before the gap and `after` the earliest just after it (from the blocks around it), when known.
 */
export async function locateInGap(file: string, gap: { from: number; to: number }, windows: TimeWindow[], parse: LineParser, before: number | null, after: number | null): Promise<Located> {
  const whole = (unsorted: boolean, probes: number): Located => ({ ranges: [{ from: gap.from, to: gap.to }], probes, unsorted });
  if (windows.some((w) => w.from === null && w.to === null)) return whole(false, 0);
  // Between two indexed blocks in order, the gap holds times between theirs (as between two probes): no probe is
  // needed when that span misses every window or lies inside one.
  if (before !== null && after !== null && after >= before - SLACK_MS) {
    const span = boundsOf(before, after);
    if (!overlaps(span, windows)) return { ranges: [], probes: 0, unsorted: false };
    if (inside(span, windows)) return whole(false, 0);
  }
  const fh = await open(file, 'r');
  try {
    let probes = 0;
    const look = async (at: number): Promise<Probe> => {
      probes++;
      return probeAt(fh, at, gap.to, parse);
    };
    const first = await look(gap.from);
    const points: Probe[] = [{ offset: gap.from, time: first.time ?? before }];
    const bytes = gap.to - gap.from;
    const step = Math.max(LEAF_BYTES, Math.ceil(bytes / Math.min(GRID.max, Math.max(GRID.min, Math.ceil(bytes / GRID.step)))));
    for (let at = gap.from + step; at < gap.to; at += step) {
      const p = await look(at);
      if (p.offset < gap.to && p.offset > points.at(-1)!.offset) points.push(p);
    }
    points.push({ offset: gap.to, time: after });
    // Many backward steps between neighbouring grid probes: not a nearly ordered file (a late stretch makes one),
    // so no interval can be ruled out.
    let backwards = 0;
    let prev: number | null = null;
    for (const p of points) {
      if (p.time === null) continue;
      if (prev !== null && p.time < prev - SLACK_MS) backwards++;
      prev = p.time;
    }
    if (backwards > Math.max(2, points.length / 4)) return whole(true, probes);
    const ranges: Array<{ from: number; to: number }> = [];
    const keep = (from: number, to: number) => {
      const last = ranges.at(-1);
      if (last && last.to === from) last.to = to;
      else ranges.push({ from, to });
    };
    // Depth first, in file order, so kept intervals come out sorted.
    const visit = async (a: Probe, b: Probe): Promise<void> => {
      const bounds = boundsOf(a.time, b.time);
      if (!overlaps(bounds, windows)) return;
      const ordered = a.time === null || b.time === null || b.time >= a.time - SLACK_MS;
      if (b.offset - a.offset <= LEAF_BYTES || (ordered && inside(bounds, windows)) || probes >= MAX_PROBES) return keep(a.offset, b.offset);
      const m = await look(Math.floor((a.offset + b.offset) / 2));
      if (m.offset <= a.offset || m.offset >= b.offset) return keep(a.offset, b.offset); // one long line
      // An untimed probe (a long trace) takes the time of the probe before it.
      const mid = { offset: m.offset, time: m.time ?? a.time };
      await visit(a, mid);
      await visit(mid, b);
    };
    for (let i = 0; i + 1 < points.length; i++) await visit(points[i]!, points[i + 1]!);
    return { ranges, probes, unsorted: false };
  } finally {
    await fh.close();
  }
}

/** The first line start at or after `at` within [at, limit) (limit when none). */
export async function lineStartIn(file: string, at: number, limit: number): Promise<number> {
  if (at <= 0) return 0;
  if (at >= limit) return limit;
  const fh = await open(file, 'r');
  try {
    return (await probeAt(fh, at, limit, () => null)).offset;
  } finally {
    await fh.close();
  }
}
