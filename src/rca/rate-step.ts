// Where a sparse signature's rate steps up: the single change point of a Poisson count (log-likelihood ratio), so
// a failure that trickles at a steady rate across the window has no onset, and an isolated early entry is no onset.
import { minuteOf, msOf } from './series.js';

export interface RateStep {
  /** The minute the higher rate begins (ms). */
  time: number;
  /** Entries per minute before and after it. */
  before: number;
  after: number;
  /** How much better two rates explain the counts than one (log-likelihood ratio). */
  gain: number;
}

/** How much better two rates must fit than one: steady Poisson noise over a window reaches 2 to 4. */
const MIN_GAIN = 6;
/** The rate after must be this many times the rate before: a step, not a wobble. */
const MIN_RATIO = 3;

/** n log(n / t): the log-likelihood of n events over t minutes at their own rate (0 for none). */
const ll = (n: number, t: number) => (n > 0 ? n * Math.log(n / t) : 0);

/**
 * The step up of a signature's entries per minute over [from, to) (ms), from its `per_minute` pairs; null when one
 * rate explains them (a trickle present all along, or too few entries to tell). Only the minutes at which an entry
 * could start a run are tried as steps, and at least `minAfter` entries must follow it.
 */
export function rateStep(perMinute: Array<[string, number]>, from: number, to: number, minAfter = 3): RateStep | null {
  const counts = perMinute
    .map(([t, n]) => [minuteOf(msOf(t)), n] as [number, number])
    .filter(([t, n]) => t >= minuteOf(from) && t < to && n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = counts.reduce((s, [, n]) => s + n, 0);
  const span = (to - minuteOf(from)) / 60_000;
  if (total < minAfter || span <= 1) return null;
  const one = ll(total, span);
  let best: RateStep | null = null;
  let seen = 0;
  for (const [t, n] of counts) {
    const t1 = (t - minuteOf(from)) / 60_000;
    const n2 = total - seen;
    seen += n;
    if (n2 < minAfter || t1 <= 0) continue;
    const before = (total - n2) / t1;
    const after = n2 / (span - t1);
    const gain = ll(total - n2, t1) + ll(n2, span - t1) - one;
    if (after >= MIN_RATIO * before && gain >= MIN_GAIN && (!best || gain > best.gain)) best = { time: t, before, after, gain };
  }
  return best;
}
