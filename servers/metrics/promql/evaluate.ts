// Evaluates the PromQL subset of expr.ts over in-memory series the way Prometheus 2.x evaluates a range
// query: steps start..end, 5 m lookback for instant selectors, closed [t-range, t] windows for rate().

import type { PromMatrixResult } from '../../../src/core/evidence.js';
import { ByteScratch, Scratch } from '../scratch.js';
import { valueAt, valuesOf, type Series } from '../series-store.js';
import type { Expr } from './expr.js';
import { compareSortedLabelSets, formatSampleValue } from './format.js';
import { evalHistogramQuantile } from './quantile.js';
import { extrapolatedRate } from './rate.js';
import { matchesAll, QueryError } from './selector.js';
import { groupByLabels, seriesPerGroup, type StepSeries } from './step-series.js';

export const LOOKBACK_MS = 5 * 60_000;
export const MAX_POINTS = 11_000;

export interface RangeParams {
  start: number; // ms
  end: number; // ms
  step: number; // ms
}

export type { StepSeries } from './step-series.js';

function steps(p: RangeParams): number {
  if (!(p.step > 0)) throw new QueryError('step must be positive, e.g. 15s or 1m');
  if (p.end < p.start) throw new QueryError('end is before start');
  const n = Math.floor((p.end - p.start) / p.step) + 1;
  if (n > MAX_POINTS) {
    throw new QueryError(`${n} points per series exceeds the maximum of ${MAX_POINTS}; use a larger step or a shorter range`);
  }
  return n;
}

/** Index of the first sample with time > t. */
function upperBound(times: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function lowerBound(times: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the per-step arrays of selected series go: fresh arrays, or views of an arena's buffers that the next
 * evaluation with it overwrites (get_anomalies, which reads each result before the next query).
 */
export interface StepArena {
  values: Scratch;
  present: ByteScratch;
}

interface StepBlock {
  values: Float64Array;
  present: Uint8Array;
}

/** The arena's buffers for `count` series of n steps, or null: then each series gets its own arrays. */
function arenaBlock(count: number, n: number, arena: StepArena | undefined): StepBlock | null {
  if (!arena) return null;
  const present = arena.present.get(count * n);
  present.fill(0);
  return { values: arena.values.get(count * n), present };
}

function row(block: StepBlock | null, k: number, n: number): StepBlock {
  if (!block) return { values: new Float64Array(n), present: new Uint8Array(n) };
  return { values: block.values.subarray(k * n, (k + 1) * n), present: block.present.subarray(k * n, (k + 1) * n) };
}

function evalSelector(series: Series[], p: RangeParams, n: number, arena?: StepArena): StepSeries[] {
  const out: StepSeries[] = [];
  const block = arenaBlock(series.length, n, arena);
  for (let k = 0; k < series.length; k++) {
    const s = series[k]!;
    const { values, present } = row(block, k, n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const t = p.start + i * p.step;
      const idx = upperBound(s.times, s.length, t) - 1;
      if (idx >= 0 && s.times[idx]! >= t - LOOKBACK_MS && !(t >= (s.staleFrom ?? Infinity))) {
        values[i] = valueAt(s, idx);
        present[i] = 1;
        any = true;
      }
    }
    if (any) out.push({ metric: { __name__: s.name, ...s.labels }, values, present });
  }
  return out;
}

/** A series' values as doubles while rate() reads them (one series at a time). */
const decoded = new Scratch();

function evalRange(series: Series[], expr: Extract<Expr, { kind: 'range_fn' }>, p: RangeParams, n: number, arena?: StepArena): StepSeries[] {
  const out: StepSeries[] = [];
  const block = arenaBlock(series.length, n, arena);
  for (let k = 0; k < series.length; k++) {
    const s = series[k]!;
    const { values, present } = row(block, k, n);
    const samples = valuesOf(s, decoded.get(s.length));
    let any = false;
    for (let i = 0; i < n; i++) {
      const t = p.start + i * p.step;
      const lo = lowerBound(s.times, s.length, t - expr.rangeMs);
      const hi = upperBound(s.times, s.length, t);
      const v = expr.fn === 'max_over_time' ? maxOf(samples, lo, hi) : extrapolatedRate(s.times, samples, lo, hi, t - expr.rangeMs, t, expr.fn === 'rate');
      if (v !== null) {
        values[i] = v;
        present[i] = 1;
        any = true;
      }
    }
    if (any) out.push({ metric: { ...s.labels }, values, present });
  }
  return out;
}

/** The largest of samples[lo..hi), or null for none (Prometheus drops the step then); NaN only when all are NaN. */
function maxOf(samples: ArrayLike<number>, lo: number, hi: number): number | null {
  if (hi <= lo) return null;
  let m = samples[lo]!;
  for (let j = lo + 1; j < hi; j++) if (samples[j]! > m || Number.isNaN(m)) m = samples[j]!;
  return m;
}

function evalAggregate(input: StepSeries[], expr: Extract<Expr, { kind: 'aggregate' }>, n: number): StepSeries[] {
  const groups = groupByLabels(input, (s) => {
    const metric: Record<string, string> = {};
    if (expr.grouping === 'by') {
      for (const l of expr.labels) if (s.metric[l] !== undefined && s.metric[l] !== '') metric[l] = s.metric[l]!;
    } else {
      for (const [k, v] of Object.entries(s.metric)) if (k !== '__name__' && !expr.labels.includes(k)) metric[k] = v;
    }
    return metric;
  });
  return seriesPerGroup(groups, n, (members, i) => {
    let count = 0;
    let acc = 0;
    for (const m of members) {
      if (!m.present[i]) continue;
      const v = m.values[i]!;
      if (count === 0) acc = expr.op === 'count' ? 1 : v;
      else if (expr.op === 'sum' || expr.op === 'avg') acc += v;
      else if (expr.op === 'min') acc = v < acc || Number.isNaN(acc) ? v : acc;
      else if (expr.op === 'max') acc = v > acc || Number.isNaN(acc) ? v : acc;
      else acc += 1;
      count++;
    }
    if (count === 0) return null;
    return expr.op === 'avg' ? acc / count : acc;
  });
}

function evalExpr(all: Series[], expr: Expr, p: RangeParams, n: number, arena?: StepArena): StepSeries[] {
  switch (expr.kind) {
    case 'selector':
      return evalSelector(all.filter((s) => matchesAll(expr.matchers, s.name, s.labels)), p, n, arena);
    case 'range_fn':
      return evalRange(all.filter((s) => matchesAll(expr.matchers, s.name, s.labels)), expr, p, n, arena);
    case 'aggregate':
      return evalAggregate(evalExpr(all, expr.inner, p, n, arena), expr, n);
    case 'histogram_quantile':
      return evalHistogramQuantile(evalExpr(all, expr.inner, p, n, arena), expr.phi, n);
  }
}

/**
 * The result series with a value per step, in Prometheus's order and without empty series: the numbers
 * evaluateRange formats, for callers that compute on them (get_anomalies) and need no text.
 */
export function evaluateSteps(all: Series[], expr: Expr, p: RangeParams, arena?: StepArena): StepSeries[] {
  const n = steps(p);
  return sortedByLabels(evalExpr(all, expr, p, n, arena).filter((s) => s.present.indexOf(1) >= 0));
}

/** In compareLabelSets' order, each series' label names sorted once rather than in every comparison. */
function sortedByLabels(series: StepSeries[]): StepSeries[] {
  const keyed = series.map((s) => ({ s, keys: Object.keys(s.metric).sort() }));
  keyed.sort((a, b) => compareSortedLabelSets(a.s.metric, a.keys, b.s.metric, b.keys));
  return keyed.map((k) => k.s);
}

export function evaluateRange(all: Series[], expr: Expr, p: RangeParams): PromMatrixResult {
  const rows = evaluateSteps(all, expr, p);
  // One number per step shared by every series' pairs (a time in seconds is past the small-integer range, so each
  // would be a heap number of its own), and a value's text reused while a series repeats it (lookback steps do).
  let n = 0;
  for (const r of rows) n = Math.max(n, r.values.length);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((p.start + i * p.step) / 1000);
  const result = rows.map((s) => {
    const values: Array<[number, string]> = [];
    let last = NaN;
    let lastText = '';
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      const v = s.values[i]!;
      if (v !== last) {
        last = v;
        lastText = formatSampleValue(v);
      }
      values.push([times[i]!, lastText]);
    }
    return { metric: s.metric, values };
  });
  return { resultType: 'matrix', result };
}
