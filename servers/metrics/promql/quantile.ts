// histogram_quantile over classic (le-labelled) bucket series, as Prometheus 2.x computes it (promql/quantile.go):
// buckets grouped by their labels without le, linear interpolation inside the bucket the rank falls in.

import { groupByLabels, seriesPerGroup, type StepSeries } from './step-series.js';

export interface Bucket {
  upperBound: number;
  count: number;
}

/** An le label's value as a bound: "+Inf", "0.25", "1e0", ".5"; null when it is no number (Prometheus skips those). */
export function parseLe(le: string | undefined): number | null {
  if (le === undefined) return null;
  const t = le.trim();
  if (/^\+?inf$/i.test(t)) return Infinity;
  if (/^-inf$/i.test(t)) return -Infinity;
  if (t === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * The φ-quantile of one histogram's buckets (cumulative counts by upper bound). NaN when the highest bucket is not
 * +Inf, when there are fewer than two bounds, or when nothing was observed (a rate of zero everywhere).
 * A rank in the +Inf bucket answers the highest finite bound; the lowest bucket starts at 0 unless its bound is <= 0.
 */
export function bucketQuantile(phi: number, input: Bucket[]): number {
  if (Number.isNaN(phi)) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN;
  // The same bound twice (le="1" and le="1.0") is one bucket.
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  // Cumulative counts never fall; a scrape between buckets' updates can make them, so they are held up.
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (!(observations > 0)) return NaN;
  let rank = phi * observations;
  let b = 0;
  while (b < buckets.length - 1 && buckets[b]!.count < rank) b++;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (buckets[b]!.upperBound - start) * (rank / count);
}

/**
 * histogram_quantile(φ, input): one output series per label set without le (and without the metric name), a value at
 * every step where any of its buckets has one. Series without a numeric le are left out, as Prometheus does.
 */
export function evalHistogramQuantile(input: StepSeries[], phi: number, n: number): StepSeries[] {
  const withLe = input.flatMap((s) => {
    const le = parseLe(s.metric.le);
    return le === null ? [] : [{ le, s }];
  });
  const groups = groupByLabels(withLe, ({ s }) => {
    const metric: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.metric)) if (k !== 'le' && k !== '__name__') metric[k] = v;
    return metric;
  });
  return seriesPerGroup(groups, n, (members, i) => {
    const buckets: Bucket[] = [];
    for (const m of members) if (m.s.present[i]) buckets.push({ upperBound: m.le, count: m.s.values[i]! });
    return buckets.length === 0 ? null : bucketQuantile(phi, buckets);
  });
}
