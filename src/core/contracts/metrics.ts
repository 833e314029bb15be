// The metrics server's outputs the offline engine reads: get_anomalies, get_error_rates, query_range (a
// Prometheus matrix) and list_metrics. One contract for the server's contract test and the engine's parse.
import { z } from 'zod';
import type { Anomaly, ErrorRateSeries, SeriesSamples } from '../evidence.js';
import { num, optStr, str } from './fields.js';
import { findArray, parseItems, type ListContract } from './parse.js';

const anomalySchema = z.object({
  series: z.string().default(''),
  metric: str,
  labels: z.record(z.string(), z.string()).default({}),
  time: str,
  before: num,
  after: num,
  relative_change: num.default(0),
  direction: z.enum(['up', 'down']),
  score: num.default(0),
  kind: z.enum(['gauge', 'rate']).default('gauge'),
});
const errorRateSchema = z.object({
  service: str,
  points: z.array(z.tuple([z.string(), num])).default([]),
  baseline: num.default(0),
  peak: num.default(0),
  peak_time: optStr.transform((v) => v ?? null),
});
const matrixSchema = z.object({
  metric: z.record(z.string(), z.string()).default({}),
  values: z.array(z.tuple([num, num])).default([]),
});

export const ANOMALIES: ListContract<Anomaly> = { keys: ['anomalies'], item: anomalySchema };
export const ERROR_RATES: ListContract<ErrorRateSeries> = { keys: ['services', 'series', 'error_rates'], item: errorRateSchema };
export const MATRIX: ListContract<z.output<typeof matrixSchema>> = { keys: ['result'], item: matrixSchema };

export const parseAnomalies = (j: unknown): Anomaly[] | null => parseItems(j, ANOMALIES);
export const parseErrorRates = (j: unknown): ErrorRateSeries[] | null => parseItems(j, ERROR_RATES);

/** Prometheus matrix (or {data:{result}}) into samples with ms times. */
export function parseMatrix(j: unknown): SeriesSamples[] | null {
  const items = parseItems(j, MATRIX);
  if (!items) return null;
  return items.map((s) => {
    const { __name__: name, ...labels } = s.metric;
    return {
      metric: name ?? '',
      labels,
      points: s.values.map(([t, v]) => [t < 1e11 ? t * 1000 : t, v] as [number, number]),
    };
  });
}

/** Metric names from list_metrics, in whatever listing shape it uses; counters' suffixes marked. */
export function parseMetricNames(j: unknown): Array<{ name: string; type: string | null }> {
  const arr = findArray(j, ['metrics', 'series', 'names']) ?? [];
  const seen = new Map<string, string | null>();
  for (const item of arr) {
    if (typeof item === 'string') {
      const name = item.split('{')[0]!;
      if (!seen.has(name)) seen.set(name, null);
    } else if (item && typeof item === 'object') {
      const rec = item as Record<string, unknown>;
      const labels = rec.labels as Record<string, unknown> | undefined;
      const raw = rec.name ?? rec.metric ?? rec.__name__ ?? labels?.__name__ ?? rec.series;
      if (typeof raw !== 'string') continue;
      const name = raw.split('{')[0]!;
      const type = typeof rec.type === 'string' ? rec.type : null;
      if (!seen.has(name) || seen.get(name) === null) seen.set(name, type);
    }
  }
  return [...seen].map(([name, type]) => ({ name, type }));
}
