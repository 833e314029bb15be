// Fetches the series get_anomalies analyses through the source's own range queries (a file and a live
// Prometheus ask the same PromQL; a file answers in numbers, not text): one query per metric, counters as rate().

import type { PromMatrixResult } from '../../src/core/evidence.js';
import type { AnalysedSeries } from './anomalies.js';
import type { StepArena, StepSeries } from './promql/evaluate.js';
import { ByteScratch, Scratch } from './scratch.js';
import { promDuration, rateWindowMs, type Range } from './context.js';
import { formatSelector, matcher, type Matcher } from './promql/selector.js';
import type { MetricType } from './series-store.js';
import type { MetricsSource } from './source.js';

/** Counter by declared type, else by the naming conventions (backfilled Prometheus data has no metadata). */
export function isCounter(name: string, types: Map<string, MetricType>): boolean {
  const declared = types.get(name) ?? types.get(name.replace(/_(total|count|sum|bucket)$/, ''));
  if (declared === 'counter' || declared === 'histogram' || declared === 'summary') {
    return declared === 'counter' || /_(count|sum|bucket)$/.test(name);
  }
  if (declared === 'gauge') return false;
  return /_(total|count|sum|bucket)$/.test(name);
}

export function matrixToSeries(m: PromMatrixResult, metric: string, kind: 'gauge' | 'rate'): AnalysedSeries[] {
  return m.result.map((r) => {
    const { __name__: _drop, ...labels } = r.metric;
    return {
      metric,
      labels,
      kind,
      times: r.values.map(([t]) => Math.round(t * 1000)),
      values: r.values.map(([, v]) => Number(v)),
    };
  });
}

/**
 * The numbers a source computed itself, as matrixToSeries would read them back from the text: present steps
 * only, -0 as 0 and infinities as NaN (the text round trip gives the same), so both paths agree exactly.
 */
export function stepsToSeries(
  steps: StepSeries[],
  start: number,
  stepMs: number,
  metric: string,
  kind: 'gauge' | 'rate',
  buffers: { times: Scratch; values: Scratch } = { times: new Scratch(), values: new Scratch() },
): AnalysedSeries[] {
  let total = 0;
  for (const r of steps) for (let i = 0; i < r.present.length; i++) total += r.present[i]!;
  const allTimes = buffers.times.get(total);
  const allValues = buffers.values.get(total);
  let k = 0;
  return steps.map((r) => {
    const { __name__: _drop, ...labels } = r.metric;
    const from = k;
    for (let i = 0; i < r.present.length; i++) {
      if (!r.present[i]) continue;
      const v = r.values[i]!;
      allTimes[k] = start + i * stepMs;
      allValues[k++] = Number.isFinite(v) ? v + 0 : NaN;
    }
    return { metric, labels, kind, times: allTimes.subarray(from, k), values: allValues.subarray(from, k) };
  });
}

export interface Collected {
  series: number;
  metrics: number;
}

/**
 * Fetches the matching series one metric name at a time and hands each batch to `visit`, so only one
 * metric's samples are held at once. A batch's arrays are reused for the next one once visit returns.
 */
export async function collectSeries(
  live: MetricsSource,
  matchers: Matcher[],
  range: Range,
  stepMs: number,
  maxSeries: number,
  visit: (batch: AnalysedSeries[]) => void,
): Promise<Collected> {
  const source = (await live.snapshot?.()) ?? live;
  const found = await source.listSeries(matchers, range);
  const names = [...new Set(found.map((s) => s.name))].sort();
  const types = await source.metricTypes();
  const rest = matchers.filter((m) => m.label !== '__name__');
  let seen = 0;
  // One set of buffers for every metric's numbers: no fresh off-heap arrays per series.
  const arena: StepArena = { values: new Scratch(), present: new ByteScratch() };
  const buffers = { times: new Scratch(), values: new Scratch() };
  for (const name of names) {
    if (seen >= maxSeries) break;
    const selector = formatSelector([matcher('__name__', '=', name), ...rest]);
    const counter = isCounter(name, types);
    const query = counter ? `rate(${selector}[${promDuration(rateWindowMs(stepMs))}])` : selector;
    const kind = counter ? 'rate' : 'gauge';
    const all = source.queryRangeSteps
      ? stepsToSeries(await source.queryRangeSteps(query, range.from, range.to, stepMs, arena), range.from, stepMs, name, kind, buffers)
      : matrixToSeries(await source.queryRange(query, range.from, range.to, stepMs), name, kind);
    const batch = all.slice(0, maxSeries - seen);
    seen += batch.length;
    visit(batch);
  }
  return { series: seen, metrics: names.length };
}
