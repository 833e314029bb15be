// A latency that had already stepped to its post-onset level in the minutes before the onset: its rise against the
// older baseline is real, but it began before the incident did, so it is no sign of what began at the onset.
import { quantile, type Point } from '../series.js';
import type { RobustScore } from './robust.js';

/** The minutes just before the onset read as "where the series stood when the incident began". */
export const RECENT_MS = 5 * 60_000;
/** Fewest points in those minutes for their median to be a level rather than one stray sample. */
const RECENT_MIN_POINTS = 3;
/** Departures in the baseline's own scale, as robustScore measures them. */
const DEPARTS = 3;

/**
 * Whether the series already stood at its departed level before the onset: the median of its last RECENT_MS before it
 * was DEPARTS scales above the baseline, and the sustained peak after the onset is not DEPARTS scales above that median.
 * A service whose latency stepped up six minutes before the errors began, and moved no further when they did, is
 * carrying an older condition (or a noisy histogram bucket) through the incident; one that rose further, or only at
 * the onset, is not affected. Rises only: a fall is scored on headroom, where saturation speaks for itself.
 */
export function steppedBeforeOnset(points: Point[], onset: number, score: RobustScore): boolean {
  const recent = points.filter(([t]) => t < onset && t >= onset - RECENT_MS).map(([, v]) => v);
  if (recent.length < RECENT_MIN_POINTS || score.scale <= 0) return false;
  const level = quantile(recent, 0.5);
  const departedBefore = (level - score.baseline) / score.scale >= DEPARTS;
  const roseFurther = (score.peak - level) / score.scale >= DEPARTS;
  return departedBefore && !roseFurther;
}
