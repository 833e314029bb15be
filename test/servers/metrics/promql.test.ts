// The file source's PromQL subset: selector parsing and matching, Prometheus's lookback and rate()
// extrapolation with counter resets, aggregation by labels, and Prometheus's number formatting.
import { describe, expect, it } from 'vitest';
import { parseOpenMetrics } from '../../../servers/metrics/openmetrics-parser.js';
import { evaluateRange } from '../../../servers/metrics/promql/evaluate.js';
import { parseQuery } from '../../../servers/metrics/promql/expr.js';
import { formatSampleValue } from '../../../servers/metrics/promql/format.js';
import { extrapolatedRate } from '../../../servers/metrics/promql/rate.js';
import { matchArgument, matchesAll, parseSelector, QueryError } from '../../../servers/metrics/promql/selector.js';

const T0 = 1_700_000_000; // seconds

function store(lines: string[]) {
  return parseOpenMetrics(lines.join('\n')).all();
}

describe('selectors', () => {
  it('parses the four matcher kinds and anchors regexes', () => {
    const ms = parseSelector('http_requests_total{code=~"5..",service!="search",env="prod",path!~"/health.*"}');
    expect(ms.map((m) => `${m.label}${m.op}${m.value}`)).toEqual([
      '__name__=http_requests_total',
      'code=~5..',
      'service!=search',
      'env=prod',
      'path!~/health.*',
    ]);
    const labels = { code: '500', service: 'checkout', env: 'prod', path: '/pay' };
    expect(matchesAll(ms, 'http_requests_total', labels)).toBe(true);
    expect(matchesAll(ms, 'http_requests_total', { ...labels, code: '1500' })).toBe(false);
    expect(matchesAll(ms, 'http_requests_total', { ...labels, path: '/healthz' })).toBe(false);
  });

  it('rejects bad selectors with a reason', () => {
    expect(() => parseSelector('{code=~".*"}')).toThrow(/needs a metric name or a matcher/);
    expect(() => parseSelector('m{code="5')).toThrow(QueryError);
    expect(() => parseSelector('m{code=~"("}')).toThrow(/invalid regular expression/);
  });

  it('reads a plain match argument as a regex searched in metric names', () => {
    const ms = matchArgument('latency|duration');
    expect(matchesAll(ms, 'http_request_duration_seconds', {})).toBe(true);
    expect(matchesAll(ms, 'http_requests_total', {})).toBe(false);
  });
});

describe('query parsing', () => {
  it('accepts sum by before and after the argument and rejects what it cannot evaluate', () => {
    expect(parseQuery('sum by (service) (rate(x_total[5m]))')).toMatchObject({ kind: 'aggregate', labels: ['service'] });
    expect(parseQuery('sum(rate(x_total[1m])) by (code)')).toMatchObject({ kind: 'aggregate', labels: ['code'] });
    expect(parseQuery('rate(x_total{a="b"}[90s])')).toMatchObject({ kind: 'range_fn', rangeMs: 90_000 });
    expect(() => parseQuery('abs(x)')).toThrow(/use a --prometheus source/);
    expect(() => parseQuery('x / y')).toThrow(/unexpected/);
    expect(() => parseQuery('rate(x[5q])')).toThrow(/expected a range/);
  });
});

describe('evaluation', () => {
  it('uses the 5 minute lookback across a gap and drops steps beyond it', () => {
    const series = store([`g 1 ${T0}`, `g 2 ${T0 + 60}`, `g 3 ${T0 + 1000}`]);
    const r = evaluateRange(series, parseQuery('g'), { start: T0 * 1000, end: (T0 + 1000) * 1000, step: 200_000 });
    // steps at +0,+200,+400,+600,+800,+1000: +400 still sees the sample at +60 (340 s ago), +600 and +800 do not
    expect(r.result[0]!.values).toEqual([
      [T0, '1'],
      [T0 + 200, '2'],
      [T0 + 1000, '3'],
    ]);
    expect(r.result[0]!.values.length).toBe(3);
    expect(r.result[0]!.metric).toEqual({ __name__: 'g' });
  });

  it('max_over_time keeps a one-scrape spike that sampling at a 90 s step steps over', () => {
    // 15 s scrapes of an event-loop lag gauge: quiet, one 5 s stall at +45 s, quiet again.
    const lines = Array.from({ length: 13 }, (_, i) => `lag{pod="a"} ${i === 3 ? 5.2 : 0.01} ${T0 + 15 * i}`);
    const p = { start: T0 * 1000, end: (T0 + 180) * 1000, step: 90_000 };
    expect(evaluateRange(store(lines), parseQuery('lag'), p).result[0]!.values.map(([, v]) => v)).toEqual(['0.01', '0.01', '0.01']);
    const max = evaluateRange(store(lines), parseQuery('max_over_time(lag[90s])'), p).result[0]!;
    expect(max.values).toEqual([[T0, '0.01'], [T0 + 90, '5.2'], [T0 + 180, '0.01']]);
    // Like Prometheus, a function's result drops the metric name; an empty range has no point.
    expect(max.metric).toEqual({ pod: 'a' });
    expect(evaluateRange(store(lines), parseQuery('max_over_time(lag[5s])'), { ...p, start: (T0 + 7) * 1000 }).result).toEqual([]);
  });

  it('computes rate like Prometheus, counting a counter reset as a continuation', () => {
    // 15 s samples 0..60 s: 100, 110, 5 (reset), 15, 25 -> increase 10 + 5 + 10 + 10 = 35 over 60 s sampled
    const times = [0, 15, 30, 45, 60].map((s) => s * 1000);
    const values = [100, 110, 5, 15, 25];
    // window [0, 60 s]: no extrapolation needed at either end, and the zero point is farther than the start
    expect(extrapolatedRate(times, values, 0, 5, 0, 60_000, true)).toBeCloseTo(35 / 60, 12);
    // window [-30 s, 60 s]: the start is 30 s away (> 1.1 × 15 s), so extrapolate half an interval
    expect(extrapolatedRate(times, values, 0, 5, -30_000, 60_000, false)).toBeCloseTo((35 * 67.5) / 60, 12);
    expect(extrapolatedRate(times, values, 0, 1, 0, 60_000, true)).toBeNull();
  });

  it('sums by a label and orders series like Prometheus', () => {
    const lines: string[] = [];
    for (let i = 0; i <= 8; i++) {
      lines.push(`req_total{code="200",svc="b"} ${i * 30} ${T0 + i * 15}`);
      lines.push(`req_total{code="500",svc="b"} ${i * 15} ${T0 + i * 15}`);
      lines.push(`req_total{code="200",svc="a"} ${i * 15} ${T0 + i * 15}`);
    }
    const series = store(lines);
    const p = { start: (T0 + 60) * 1000, end: (T0 + 120) * 1000, step: 60_000 };
    const summed = evaluateRange(series, parseQuery('sum by (svc) (rate(req_total[1m]))'), p);
    expect(summed.result.map((r) => r.metric)).toEqual([{ svc: 'a' }, { svc: 'b' }]);
    expect(summed.result[1]!.values).toEqual([
      [T0 + 60, '3'],
      [T0 + 120, '3'],
    ]);
    const errors = evaluateRange(series, parseQuery('rate(req_total{code=~"5.."}[1m])'), p);
    expect(errors.result).toEqual([{ metric: { code: '500', svc: 'b' }, values: [[T0 + 60, '1'], [T0 + 120, '1']] }]);
    expect(() => evaluateRange(series, parseQuery('req_total'), { start: 0, end: 1e12, step: 1000 })).toThrow(/exceeds the maximum/);
  });

  it('formats numbers as Prometheus does (no exponent notation)', () => {
    expect(formatSampleValue(0.1)).toBe('0.1');
    expect(formatSampleValue(1e21)).toBe('1000000000000000000000');
    expect(formatSampleValue(1.5e-7)).toBe('0.00000015');
    expect(formatSampleValue(-2.5e-8)).toBe('-0.000000025');
    expect(formatSampleValue(Infinity)).toBe('+Inf');
    expect(formatSampleValue(NaN)).toBe('NaN');
  });
});
