// Weak evidence for the places after the strong tiers: a series whose level after the onset held above its own
// baseline (below it, for headroom) by 3 own spreads, less than the system's services usually differ by.
import { quantile, type Point } from '../series.js';
import { ownBaseline, type Direction, type RobustScore } from './robust.js';

/** A sustained departure of this many of its own spreads is weak evidence (the strong bar, on its own scale only). */
const OWN_Z = 3;
/**
 * What is left of a weak signal's weight: a weak-only service is listed after every service with evidence of its own or
 * waiting on its calls, and at this share its weight stays under the ranking's bar for stating a category.
 */
export const WEAK_SHARE = 0.1;

/**
 * The series' sustained departure on its own scale, for when the system-wide scale hid it (a pod at 0.5 % CPU going
 * to 2 %, a small service's latency doubling from 5 ms): the median of the fresh points after the onset, not a peak,
 * so one stray sample (a p90 at a histogram bucket's edge) is no evidence. Null when it did not hold above its
 * baseline, or from a zero baseline (no level to be a share of).
 */
export function ownDeparture(points: Point[], onset: number, direction: Direction = 'up'): RobustScore | null {
  const own = ownBaseline(points, onset);
  if (!own || own.baseline === 0) return null;
  const { after, baseline, scale } = own;
  // Headroom (free disk, available memory) departs by falling: the same measure, signed the other way.
  const sign = direction === 'up' ? 1 : -1;
  const level = quantile(after.map((p) => p[1]), 0.5);
  const z = (sign * (level - baseline)) / scale;
  if (z < OWN_Z) return null;
  const start = after.find(([, v]) => (sign * (v - baseline)) / scale >= OWN_Z)?.[0] ?? null;
  return { z, baseline, peak: level, peakTime: after[after.length - 1]![0], start, scale };
}
