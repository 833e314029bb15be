// Paces the units of a split scan against the call's deadline: each unit, when its turn comes, gets the share of
// its bytes that the call's pace so far leaves time for, so a window too large for the budget is sampled evenly
// across all its units instead of the first ones read whole and the rest (often the incident's end) a sliver each.
import type { Coverage } from './coverage.js';
import type { ScanItem } from './scan-units.js';

/** Share of the time left the last units may take (the merge and the answer need the rest). */
const HEADROOM = 0.85;
/** A share this close to 1 reads in full (the answer then stays exact). */
const FULL = 0.95;

/** Bytes a unit plans to read: its parts' spans, or its whole files. */
export function unitBytes(unit: ScanItem[]): number {
  let n = 0;
  for (const item of unit) n += item.part ? item.part.spans.reduce((a, s) => a + (s.to - s.from), 0) : item.info.bytes;
  return n;
}

export interface UnitPace {
  /** Bytes read and the time the units took, summed over the units done so far. */
  readBytes: number;
  busyMs: number;
  /** Lanes reading at once. */
  lanes: number;
}

export interface UnitTurn {
  /** Epoch ms by which this unit should be done: its part of the time left, by its bytes. */
  deadline: number;
  /** The share of its bytes the pace so far says fits by then (1: read in full, exact). */
  share: number;
}

/**
 * A unit's turn: the time left is shared among the units still to read (`leftBytes`, this one's `bytes` included) by
 * their bytes, over the lanes reading at once; its share is what one lane read at the pace so far in that time (1
 * before any unit has finished). Past the deadline: share 0, the unit reads the few pieces the piece pacer keeps then.
 */
export function turnOf(pace: UnitPace, bytes: number, leftBytes: number, now: number, deadline: number): UnitTurn {
  const msLeft = deadline - now;
  if (msLeft <= 0) return { deadline: now, share: 0 };
  const slot = Math.min(msLeft * HEADROOM, (msLeft * pace.lanes * bytes) / Math.max(bytes, leftBytes));
  if (pace.busyMs <= 0 || pace.readBytes <= 0) return { deadline: now + slot, share: 1 };
  const share = ((pace.readBytes / pace.busyMs) * slot) / Math.max(1, bytes);
  return { deadline: now + slot, share: share >= FULL ? 1 : share };
}

/**
 * Runs the units, at most `threads` at a time, in unit order. With a deadline each unit gets its turn (turnOf): read
 * in full while the pace allows, else as even pieces at its share, thinned further by the piece pacer if its own
 * deadline comes first, so every unit of the window is represented. A call that fits its budget reads every unit
 * whole, so its answer does not depend on the number of threads. `clock` is injectable for tests.
 */
export async function runPaced<R extends { coverage: Coverage[] }>(
  units: ScanItem[][],
  threads: number,
  deadline: number | undefined,
  run: (unit: ScanItem[]) => Promise<R>,
  clock: () => number = Date.now,
): Promise<R[]> {
  const out = new Array<R>(units.length);
  const lanes = Math.max(1, Math.min(threads, units.length));
  const pace: UnitPace = { readBytes: 0, busyMs: 0, lanes };
  let left = units.reduce((a, u) => a + unitBytes(u), 0);
  let next = 0;
  const lane = async () => {
    while (next < units.length) {
      const i = next++;
      const unit = units[i]!;
      const bytes = unitBytes(unit);
      const started = clock();
      const turn = deadline === undefined ? null : turnOf(pace, bytes, left, started, deadline);
      left -= bytes;
      out[i] = await run(turn ? unit.map((item) => (item.part ? { ...item, part: { ...item.part, ...turn } } : item)) : unit);
      pace.busyMs += clock() - started;
      pace.readBytes += out[i].coverage.reduce((a, c) => a + c.readBytes, 0);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}
