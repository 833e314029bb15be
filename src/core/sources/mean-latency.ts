// Mean latency from a timer's `_sum` and `_count` counters (Micrometer's and Prometheus clients' summaries without
// quantiles, histograms read without buckets): Δsum / Δcount per step, so a service that exports only these shows it.
import type { SeriesSamples } from '../evidence.js';
import { metricKind } from '../metric-kind.js';
import { placingLabels, type HistogramFamily } from './histogram-families.js';

/** How many timer families are read for their mean (two range queries each): latency-named ones, by name. */
export const MAX_MEAN_FAMILIES = 3;

type Listed = { name: string; type: string | null; labels: string[] };

/**
 * The timer families in a metric listing read by their mean: a latency-named base (`_seconds`, `_milliseconds`,
 * `duration`) listed as both `<base>_sum` and `<base>_count`, and neither `<base>_bucket` (its p90 is read,
 * histogram-families.ts) nor `<base>{quantile}` (a summary's quantiles are gauges read as they are) beside them.
 */
export function meanFamilies(listed: Listed[], max = MAX_MEAN_FAMILIES): HistogramFamily[] {
  const byName = new Map(listed.map((m) => [m.name, m]));
  const out: HistogramFamily[] = [];
  for (const m of listed) {
    if (!m.name.endsWith('_sum')) continue;
    const base = m.name.slice(0, -'_sum'.length);
    const count = byName.get(`${base}_count`);
    const kind = metricKind(base);
    if (!count || (kind !== 'latency' && kind !== 'client_latency')) continue;
    if (byName.has(`${base}_bucket`) || byName.get(base)?.labels.includes('quantile')) continue;
    // Counters both (a listing without types cannot say otherwise): a gauge _sum is no running total to rate.
    if ([m, count].some((x) => x.type !== null && !/counter|summary|histogram|unknown|untyped/i.test(x.type))) continue;
    out.push({ base, labels: placingLabels([...new Set([...m.labels, ...count.labels])]) });
  }
  return out.sort((a, b) => a.base.localeCompare(b.base)).slice(0, max);
}

/**
 * The per-second rate of one of the family's counters, summed by the labels that place it (each pod and call edge
 * apart, its requests' routes and statuses together). rate() spans two steps and at least two minutes, as for the p90,
 * and reads through a counter reset (a restarted process starts from zero) as Prometheus does.
 */
export function meanPartQuery(f: HistogramFamily, part: 'sum' | 'count', stepSeconds: number): string {
  const range = Math.max(2 * stepSeconds, 120);
  const inner = `rate(${f.base}_${part}[${range}s])`;
  return f.labels.length ? `sum by (${f.labels.join(', ')}) (${inner})` : `sum(${inner})`;
}

/** The name the mean's series go under: `<base>_mean`, read as that family's latency (metric-kind.ts). */
export function meanName(f: HistogramFamily): string {
  return `${f.base}_mean`;
}

/**
 * Δsum / Δcount per step, as rate(sum) / rate(count) of the same label set at the same time: a step where no
 * request finished (count rate 0) has no mean and is left out, the rest of the series stands.
 */
export function meanSeries(f: HistogramFamily, sums: SeriesSamples[], counts: SeriesSamples[]): SeriesSamples[] {
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([k]) => k !== '__name__').sort(([a], [b]) => a.localeCompare(b)));
  const byKey = new Map(counts.map((c) => [key(c.labels), new Map(c.points)]));
  const out: SeriesSamples[] = [];
  for (const s of sums) {
    const count = byKey.get(key(s.labels));
    if (!count) continue;
    const points: Array<[number, number]> = [];
    for (const [t, sum] of s.points) {
      const n = count.get(t);
      if (n !== undefined && n > 0 && Number.isFinite(sum) && sum >= 0) points.push([t, sum / n]);
    }
    if (points.length > 0) out.push({ ...s, metric: meanName(f), points });
  }
  return out;
}
