// Robust anomaly scores of one series against its own baseline (BARO's RobustScorer idea: median and
// spread of the normal period, the largest standardised departure after the onset), safe on short baselines.
import { mad, quantile, sampleRepeat, typicalStep, type Point } from '../series.js';

export interface RobustScore {
  /** Standardised departure: (peak after - median before) / scale; positive is a rise. */
  z: number;
  baseline: number;
  peak: number;
  peakTime: number;
  /** First point after the onset that departs by 3 scales or more (null when none does). */
  start: number | null;
  /** The scale used: the baseline's MAD, floored by a share of its level and of the metric's typical level. */
  scale: number;
}

/** Least share of the baseline level a departure is measured in: a 2-point baseline has no usable spread of its own. */
export const RELATIVE_FLOOR = 0.1;
/**
 * Least share of the metric's typical level across the system: a pod idling at 0.3 % CPU that wakes to 3 % has
 * moved tenfold but by less than what the system's pods differ by; half the typical level is the unit instead.
 */
export const SYSTEM_FLOOR = 0.5;
/** Fresh points after the onset from which one stray sample is not enough. */
export const SUSTAINED_MIN_POINTS = 3;

/**
 * The series against its own past: the fresh points from the onset on, the median before it and its own robust spread
 * (the MAD, at least a tenth of the level). Null without a baseline (two points) or data after.
 */
export function ownBaseline(points: Point[], onset: number): { after: Point[]; baseline: number; scale: number } | null {
  const before = points.filter(([t]) => t < onset).map((p) => p[1]);
  const after = freshAfter(points, onset);
  if (before.length < 2 || after.length === 0) return null;
  const baseline = quantile(before, 0.5);
  return { after, baseline, scale: Math.max(1.4826 * mad(before), RELATIVE_FLOOR * Math.abs(baseline)) };
}

/** Which way a series departs when it is under pressure: most rise, headroom (free, available) falls. */
export type Direction = 'up' | 'down';

/**
 * Scores the points from `onset` on against those before it. `typical` is the metric's usual level across all its
 * series (so a series sitting near zero is not standardised by nothing; rises only). Null without a baseline or data after.
 */
export function robustScore(points: Point[], onset: number, typical: number, direction: Direction = 'up'): RobustScore | null {
  const own = ownBaseline(points, onset);
  if (!own) return null;
  const { after, baseline } = own;
  // A fall is bounded by the level it falls from: against half the system's typical level, headroom at its usual level
  // could not depart by 3 even falling to nothing, so a fall is measured on its own scale (a tenth of its level at least).
  const floor = direction === 'up' ? SYSTEM_FLOOR * Math.abs(typical) : 0;
  const scale = Math.max(own.scale, floor, 1e-9);
  const sign = direction === 'up' ? 1 : -1;
  const held = sustainedPeak(points, after, sign);
  const episode = longerEpisodePeak(points, onset, own, sign);
  const peak = episode && sign * (episode[1] - held[1]) > 0 ? episode : held;
  const start = after.find(([, v]) => (sign * (v - baseline)) / scale >= 3)?.[0] ?? null;
  return { z: (sign * (peak[1] - baseline)) / scale, baseline, peak: peak[1], peakTime: peak[0], start, scale };
}

/**
 * The span one sample covers at the resolution the rules were first written for (one sample a minute, the most common
 * exporter refresh and scrape). The rules ask a departure to hold two samples; read in time, two of these spans.
 */
export const SAMPLE_SPAN_MS = 60_000;

/** How much of a SAMPLE_SPAN_MS each point stands for: a quarter at a 15 s step, one at a minute or coarser. */
export function sampleWeight(points: Point[]): number {
  return Math.min(1, (typicalStep([{ points }]) ?? SAMPLE_SPAN_MS) / SAMPLE_SPAN_MS);
}

/**
 * The sustained peak of the fresh points: the highest level the series held for two sample spans at least (and two
 * points), so one stray sample is no departure. Time, not points: at a minute's step that is the second highest point;
 * at 15 s, eight. A one-minute excursion stays one stray sample whatever the step it is read at: a range query stepping
 * faster than the scrape carries each sample forward (Prometheus' lookback: four copies at 15 s), and a minute's value
 * read linearly onto a finer step becomes a ramp that spans less than two minutes (seven points at 15 s). With less
 * than three samples' worth of time after the onset, the highest point stands.
 */
export function sustainedPeak(points: Point[], after: Point[], sign: 1 | -1 = 1): Point {
  const repeat = stepsPerSample(points);
  const weight = sampleWeight(points);
  const latest = after[after.length - 1]!;
  const ordered = [...after].sort((a, b) => sign * (b[1] - a[1]));
  let second = ordered[0]!;
  if (after.length * weight >= SUSTAINED_MIN_POINTS - 1e-9) {
    let held = 0;
    for (const [i, p] of ordered.entries()) {
      held += weight;
      second = p;
      if (i >= 1 && held >= 2 - 1e-9) break;
    }
  }
  // A stray sample is one the next sample came back from; the latest has no next one yet. Where the query repeats
  // samples, its repeats already held the latest at its level (two steps of one scrape): counting each scrape once is
  // meant to stop a stray one in the middle passing as sustained, not to stop reading a series still climbing at the
  // window's end, so there the latest keeps that reading. Where each step is its own sample, nothing was repeated and
  // the latest is one sample like any other, held to the same guard.
  return repeat > 1 && sign * (latest[1] - second[1]) > 0 ? latest : second;
}

/**
 * The peak of a departure that lasted longer than any the series made before the onset, or null. The stray-sample
 * guard reads a lone spike as noise because a p90 series spikes alone at random (a histogram bucket's edge, one slow
 * request); those spikes come back at the next sample. An excursion whose samples stay departed (by 3 of the series'
 * own spreads) for several scrapes in a row is no such spike, and when the series never stayed out that long in its own
 * past, its peak is the episode's level (the run rules of control charts: a run is a signal a single point is not). A
 * series whose past holds runs as long (a periodic burst, an earlier incident) keeps the guard. Runs count in time (whole sample spans), not points.
 */
export function longerEpisodePeak(points: Point[], onset: number, own: { baseline: number; scale: number }, sign: 1 | -1): Point | null {
  // Runs in whole sample spans (a run of four 15 s points is one minute, one sample's worth, however it was read).
  const weight = sampleWeight(points);
  const out = (v: number) => (sign * (v - own.baseline)) / Math.max(own.scale, 1e-9) >= 3;
  const runs = (list: Point[]) => {
    const found: Point[][] = [];
    let cur: Point[] = [];
    for (const p of list) {
      if (out(p[1])) cur.push(p);
      else if (cur.length) (found.push(cur), (cur = []));
    }
    if (cur.length) found.push(cur);
    return found.map((r) => ({ r, n: Math.max(1, Math.floor(r.length * weight + 1e-9)) }));
  };
  const longestBefore = Math.max(1, ...runs(points.filter(([t]) => t < onset)).map((x) => x.n));
  const episodes = runs(freshAfter(points, onset)).filter((x) => x.n > longestBefore);
  const peaks = episodes.map((x) => x.r.reduce((a, b) => (sign * (b[1] - a[1]) > 0 ? b : a)));
  return peaks.length ? peaks.reduce((a, b) => (sign * (b[1] - a[1]) > 0 ? b : a)) : null;
}

/**
 * How many steps each scraped sample spans: the typical run of equal values (series.ts sampleRepeat), not the shortest.
 * A scrape's time jitters by a second or so, and against a query grid of the same period one sample then shows once and
 * its neighbour three times: the shortest run would say nothing is repeated.
 */
export function stepsPerSample(points: Point[]): number {
  return sampleRepeat(points);
}

/**
 * The points from the onset on, less the leading run that repeats the last value before it: a range query carries a
 * sample forward until the next one (Prometheus' lookback), so those steps hold a pre-onset sample, not new evidence.
 */
export function freshAfter(points: Point[], onset: number): Point[] {
  const first = points.findIndex(([t]) => t >= onset);
  if (first < 0) return [];
  const last = first > 0 ? points[first - 1]![1] : null;
  let i = first;
  while (i < points.length && points[i]![1] === last) i++;
  return points.slice(i);
}

/** Past this z a departure is certain; more only says how small the baseline was, so the weight stops growing. */
const CERTAIN_Z = 96;

/**
 * A z-score as the report prints it: past CERTAIN_Z the figure only reflects how flat the baseline was (a 7800 means
 * "its baseline barely varied", not 80 times more anomalous than 96), so the text says that instead of the number.
 */
export function zText(z: number): string {
  return z > CERTAIN_Z ? `robust z over ${CERTAIN_Z} (its baseline barely varied)` : `robust z ${z.toFixed(1)}`;
}

/** Maps a z-score to an evidence weight that grows slowly: 0 below 3, 1 at 6, about 2.6 at 20, 5 from 96 on. */
export function strength(z: number): number {
  return z < 3 ? 0 : Math.log2(1 + (Math.min(z, CERTAIN_Z) - 3) / 3);
}

/**
 * What "typical" means for one metric: the upper quartile of its absolute values over all its series. A series
 * going from 0 to 0.2 requests per second, where others serve 20, has not departed from anything that matters.
 */
export function typicalLevel(values: number[]): number {
  return quantile(values.map(Math.abs), 0.75);
}
