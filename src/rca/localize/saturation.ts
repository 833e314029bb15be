// Whether a usage series reached its limit after the onset: a metric named as a share of a limit (percent, ratio,
// utilisation) that climbed close to full scale says "this resource ran out", however small its z-score is.
import { quantile, type Point } from '../series.js';
import { freshAfter, sustainedPeak, type Direction } from './robust.js';

/** Names of metrics that are a share of a limit: percent (of 100) or ratio/utilisation (of 1). */
// Whole words of the name only: "duration" holds "ratio", and a latency is no share of anything.
const PERCENT = /percent|_pct$|_pct_/i;
const RATIO = /(^|_)(ratio|utili[sz]ation|saturation|usage_fraction)(_|$)/i;
/** Within this share of the limit a resource is at it: requests queue for it (a quarter of headroom left at most). */
export const NEAR_LIMIT = 0.75;
/** The rise that makes it news: at least a fifth of the limit, so a series that always runs hot is not "reaching" it. */
export const LIMIT_RISE = 0.2;
/** How far past its full scale a share of a limit may read before it is taken for a share of something else. */
const OVERSHOOT = 1.5;
/** The z-score a series that reached its limit counts for at least: certain pressure, whatever its baseline's noise. */
export const SATURATED_Z = 12;

/** The full scale of a metric named as a share of a limit (100 or 1), or null when its name says no limit. */
export function fullScale(metric: string, values: number[]): number | null {
  return fullScaleOf(metric, () => values);
}

/** fullScale with the values read only for a metric whose name says "share of" (most are not). */
function fullScaleOf(metric: string, values: () => number[]): number | null {
  // A share of a limit may overshoot it a little (a burst over a CPU quota); far past it, the metric is a share of
  // something else (docker's CPU percent of one core, a compression ratio) and says nothing about a limit.
  const of = (full: number) => (values().every((v) => v <= OVERSHOOT * full) ? full : null);
  if (PERCENT.test(metric)) return of(100);
  if (RATIO.test(metric)) return of(1);
  return null;
}

export interface LimitReading {
  /** The sustained level after the onset as a share of the limit. */
  share: number;
  /** It climbed to within NEAR_LIMIT of the limit from clearly below it. */
  reached: boolean;
}

/**
 * The sustained level after the onset against the limit, and whether it reached it; null without a known limit. The
 * limit is `known` when it was published on its own (cores, bytes), else read from a name that says "share of".
 */
export function limitReading(metric: string, points: Point[], onset: number, known: number | null = null, direction: Direction = 'up'): LimitReading | null {
  const full = known ?? fullScaleOf(metric, () => points.map((p) => p[1]));
  if (full === null) return null;
  // Headroom (free percent, available bytes) is read as the usage it leaves: the limit less what is free.
  const used = direction === 'up' ? points : points.map(([t, v]): Point => [t, full - v]);
  const before = used.filter(([t]) => t < onset).map((p) => p[1]);
  const after = freshAfter(used, onset);
  if (before.length < 2 || after.length === 0) return null;
  // The sustained level: the second highest with three or more fresh samples (one stray sample is no plateau).
  const peak = sustainedPeak(used, after)[1];
  const baseline = quantile(before, 0.5);
  return { share: peak / full, reached: peak >= NEAR_LIMIT * full && peak - baseline >= LIMIT_RISE * full };
}
