// A series that already made the same excursion in separate bursts before the onset (a backup, a cron job, a cache
// refresh every 20 minutes) is doing its routine after it too: that is no departure, however flat it is in between.
import type { Point } from '../series.js';

/** Fewer points before the onset cannot show a routine. */
const MIN_BASELINE_POINTS = 10;
/** Separate bursts before the onset it takes to call a burst routine: once may be an incident of its own. */
const MIN_BURSTS = 2;
/** How near the peak after the onset a burst must come: noise that crosses half of a modest rise is no burst. */
const REACH = 0.75;

/**
 * True when the points before `onset` went at least three quarters as far from `baseline` as `peak` did, in `MIN_BURSTS` or more
 * separate runs: the level after the onset is one the series visits routinely.
 */
export function routineBurst(points: Point[], onset: number, baseline: number, peak: number, direction: 'up' | 'down' = 'up'): boolean {
  const before = points.filter(([t]) => t < onset);
  if (before.length < MIN_BASELINE_POINTS) return false;
  const sign = direction === 'up' ? 1 : -1;
  const reach = REACH * sign * (peak - baseline);
  if (!(reach > 0)) return false;
  let bursts = 0;
  let inside = false;
  for (const [, v] of before) {
    const high = sign * (v - baseline) >= reach;
    if (high && !inside) bursts++;
    inside = high;
  }
  return bursts >= MIN_BURSTS;
}
