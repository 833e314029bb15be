// Finds where a time window lies in a large, not yet indexed file by binary search on the timestamps of probed
// lines; files that are not nearly time-ordered (probes going backwards) are treated as one range.
import { open, type FileHandle } from 'node:fs/promises';
import type { TimeWindow } from '../../src/core/time.js';
import type { LineParser } from '../../src/core/logs/parsed-head.js';

const PROBE_BYTES = 64 * 1024;
const PROBES = 32;
/** Out-of-order slack tolerated between probes (buffered writers, several threads). */
const SLACK_MS = 5 * 60_000;

/** The offset of the first line start at or after `at`, and the time of the first timed line from there. */
async function probe(fh: FileHandle, at: number, size: number, parse: LineParser): Promise<{ offset: number; time: number | null }> {
  const buf = Buffer.alloc(Math.min(PROBE_BYTES, size - at));
  const { bytesRead } = await fh.read(buf, 0, buf.length, at);
  const text = buf.subarray(0, bytesRead).toString('utf8');
  const nl = at === 0 ? -1 : text.indexOf('\n');
  if (at > 0 && nl < 0) return { offset: size, time: null };
  const offset = at + Buffer.byteLength(text.slice(0, nl + 1));
  const lines = text.slice(nl + 1).split('\n');
  lines.pop(); // possibly cut
  for (const l of lines) {
    const t = parse(l.replace(/\r$/, ''))?.time;
    if (t !== undefined && t !== null) return { offset, time: t };
  }
  return { offset, time: null };
}

/** First offset whose probed time reaches `t` (probes are sorted by then). */
async function firstAtOrAfter(fh: FileHandle, t: number, size: number, parse: LineParser): Promise<number> {
  let lo = 0;
  let hi = size;
  while (hi - lo > PROBE_BYTES) {
    const mid = Math.floor((lo + hi) / 2);
    const p = await probe(fh, mid, size, parse);
    if (p.time !== null && p.time < t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The next line start at or after `at` (size when none). */
export async function lineStartAt(fh: FileHandle, at: number, size: number): Promise<number> {
  if (at <= 0) return 0;
  if (at >= size) return size;
  return (await probe(fh, at, size, () => null)).offset;
}

/**
 * The byte range [from, to) of `file` (first `size` bytes) holding every entry of the windows, both at line starts,
 * with a margin for slack; the whole file when its probes are not in time order.
 */
export async function windowByteRange(file: string, size: number, windows: TimeWindow[], parse: LineParser): Promise<{ from: number; to: number; sorted: boolean }> {
  const fh = await open(file, 'r');
  try {
    let prev = -Infinity;
    let sorted = true;
    for (let i = 0; i < PROBES && sorted; i++) {
      const p = await probe(fh, Math.floor((i * size) / PROBES), size, parse);
      if (p.time === null) continue;
      if (p.time < prev - SLACK_MS) sorted = false;
      prev = Math.max(prev, p.time);
    }
    const froms = windows.map((w) => w.from);
    const tos = windows.map((w) => w.to);
    if (!sorted || froms.includes(null) && tos.includes(null)) return { from: 0, to: size, sorted };
    const from = froms.includes(null) ? 0 : await firstAtOrAfter(fh, Math.min(...(froms as number[])) - SLACK_MS, size, parse);
    const toAt = tos.includes(null) ? size : Math.min(size, (await firstAtOrAfter(fh, Math.max(...(tos as number[])) + SLACK_MS, size, parse)) + 2 * PROBE_BYTES);
    return { from: await lineStartAt(fh, from, size), to: await lineStartAt(fh, toAt, size), sorted };
  } finally {
    await fh.close();
  }
}
