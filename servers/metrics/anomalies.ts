// Turns series into ranked change points (the Anomaly shape): the detector finds where the level moves,
// and the score ranks moves across series of any unit: size against noise times the log ratio of the levels,
// halved for a move back towards the series' usual level (a recovery matters less than the onset).

import type { Anomaly } from '../../src/core/evidence.js';
import { detectChangePoints, type DetectOptions } from './changepoint/detect.js';
import { Scratch } from './scratch.js';
import { seriesKey } from './series-store.js';

// Work arrays reused from series to series (all synchronous).
const sortScratch = new Scratch();
const devScratch = new Scratch();
const timesScratch = new Scratch();
const valuesScratch = new Scratch();

export interface AnalysedSeries {
  metric: string;
  labels: Record<string, string>;
  kind: 'gauge' | 'rate';
  times: ArrayLike<number>; // ms
  values: ArrayLike<number>;
}

/** Median of xs[from, to); finite values only (a typed array's numeric sort, no comparator calls). */
function median(xs: Float64Array, from: number, to: number): number {
  const a = sortScratch.get(to - from);
  a.set(xs.subarray(from, to));
  a.sort();
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

/** Median absolute deviation scaled to a Gaussian standard deviation. */
function robustSd(xs: Float64Array, from: number, to: number): number {
  const med = median(xs, from, to);
  const dev = devScratch.get(to - from);
  for (let i = from; i < to; i++) dev[i - from] = Math.abs(xs[i]! - med);
  return median(dev, 0, dev.length) * 1.4826;
}

const REL_CAP = 1e6;

/** Change points of one series as anomalies (unranked). */
export function seriesAnomalies(s: AnalysedSeries, options: DetectOptions = {}): Anomaly[] {
  let count = 0;
  for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i])) count++;
  const times = timesScratch.get(count);
  const values = valuesScratch.get(count);
  for (let i = 0, k = 0; i < s.values.length; i++) {
    if (!Number.isFinite(s.values[i])) continue;
    times[k] = s.times[i]!;
    values[k++] = s.values[i]!;
  }
  const cps = detectChangePoints(values, options);
  const bounds = [0, ...cps, values.length];
  // The usual level: the median of the longest segment.
  let longest = 0;
  for (let k = 1; k + 1 <= bounds.length - 1; k++) if (bounds[k + 1]! - bounds[k]! > bounds[longest + 1]! - bounds[longest]!) longest = k;
  const usual = cps.length ? median(values, bounds[longest]!, bounds[longest + 1]!) : 0;
  const out: Anomaly[] = [];
  for (let k = 1; k + 1 < bounds.length; k++) {
    const [a, cp, b] = [bounds[k - 1]!, bounds[k]!, bounds[k + 1]!];
    const before = median(values, a, cp);
    const after = median(values, cp, b);
    if (before === after) continue;
    const diff = after - before;
    // The noise of the quieter side: a quiet baseline that jumps is the clearest signal there is.
    const scale = Math.max(Math.abs(before), Math.abs(after));
    const noise = Math.max(Math.min(robustSd(values, a, cp), robustSd(values, cp, b)), scale * 1e-3, 1e-12);
    const z = Math.abs(diff) / noise;
    const rel = before === 0 ? Math.sign(diff) * REL_CAP : Math.max(-REL_CAP, Math.min(REL_CAP, diff / Math.abs(before)));
    const onset = refineOnset(values, a, cp, before, diff > 0, Math.max(robustSd(values, a, cp), scale * 1e-3));
    const eps = scale * 1e-3 + 1e-12;
    const magnitude = Math.abs(Math.log((Math.abs(after) + eps) / (Math.abs(before) + eps)));
    const returning = Math.abs(after - usual) < Math.abs(before - usual);
    const score = Math.log1p(z) * magnitude * (returning ? 0.5 : 1);
    out.push({
      series: seriesKey(s.metric, s.labels),
      metric: s.metric,
      labels: s.labels,
      time: new Date(times[onset]!).toISOString(),
      before: round(before),
      after: round(after),
      relative_change: round(rel),
      direction: diff > 0 ? 'up' : 'down',
      score: round(score),
      kind: s.kind,
    });
  }
  return out;
}

/**
 * The segmentation puts a ramp's change wherever the cost balances; an on-call engineer wants the first
 * sample that left the old level's noise band (3 robust sd), so walk back from the change while that holds.
 */
export function refineOnset(values: ArrayLike<number>, segStart: number, cp: number, before: number, up: boolean, noise: number): number {
  const band = 3 * noise;
  let j = cp;
  while (j - 1 > segStart && (up ? values[j - 1]! > before + band : values[j - 1]! < before - band)) j--;
  return j;
}

/** Strongest first (ties: earlier first, then by series name). */
export function compareAnomalies(x: Anomaly, y: Anomaly): number {
  return y.score - x.score || x.time.localeCompare(y.time) || x.series.localeCompare(y.series);
}

/** All series' anomalies, ranked. */
export function rankAnomalies(series: AnalysedSeries[], options: DetectOptions = {}): Anomaly[] {
  return series.flatMap((s) => seriesAnomalies(s, options)).sort(compareAnomalies);
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}
