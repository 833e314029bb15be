// Prometheus' staleness for series read from a file: a series that stopped while the data went on (a pod deleted,
// a target gone) is absent from its next scrape on, instead of being carried forward for the 5 minutes' lookback.
import type { Series } from './series-store.js';

/**
 * Marks each series that missed a scrape the rest of the data went on past: present until its last sample plus its
 * own usual interval (where Prometheus would have written the stale marker), absent after. Series that run to the
 * end of the data, or with too few samples to know their interval, keep the plain lookback.
 */
export function markStale(series: Iterable<Series>, dataEnd: number): void {
  for (const s of series) {
    s.staleFrom = undefined;
    if (s.length < 3) continue;
    const last = s.times[s.length - 1]!;
    if (last >= dataEnd) continue;
    const interval = medianStep(s);
    if (interval > 0 && last + interval <= dataEnd) s.staleFrom = last + interval;
  }
}

/** The median spacing of a series' samples (the median of at most its last 64 steps: the interval it ended on). */
function medianStep(s: Series): number {
  const from = Math.max(1, s.length - 64);
  const steps: number[] = [];
  for (let i = from; i < s.length; i++) steps.push(s.times[i]! - s.times[i - 1]!);
  steps.sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 2)]!;
}
