// histogram_quantile in the file source's PromQL: Prometheus's bucket interpolation on hand-computed buckets, the
// grouping without le through the parser and evaluator, NaN where nothing was observed, and a φ outside [0, 1] refused.
import { describe, expect, it } from 'vitest';
import { parseOpenMetrics } from '../../../servers/metrics/openmetrics-parser.js';
import { evaluateRange } from '../../../servers/metrics/promql/evaluate.js';
import { parseQuery } from '../../../servers/metrics/promql/expr.js';
import { bucketQuantile, parseLe } from '../../../servers/metrics/promql/quantile.js';
import { QueryError } from '../../../servers/metrics/promql/selector.js';

const b = (upperBound: number, count: number) => ({ upperBound, count });
// 100 observations: 10 up to 0.1 s, 30 more up to 0.25, 50 more up to 0.5, 10 more up to 1.
const HIST = [b(0.1, 10), b(0.25, 40), b(0.5, 90), b(1, 100), b(Infinity, 100)];

describe('bucketQuantile (Prometheus classic histograms)', () => {
  it('interpolates linearly inside the bucket the rank falls in, from 0 in the lowest', () => {
    expect(bucketQuantile(0.5, HIST)).toBeCloseTo(0.3, 12); // rank 50: 0.25 + 0.25 * (50 - 40) / 50
    expect(bucketQuantile(0.9, HIST)).toBeCloseTo(0.5, 12); // rank 90: the top of the 0.5 bucket
    expect(bucketQuantile(0.95, HIST)).toBeCloseTo(0.75, 12); // rank 95: 0.5 + 0.5 * 5 / 10
    expect(bucketQuantile(0.05, HIST)).toBeCloseTo(0.05, 12); // rank 5: 0.1 * 5 / 10
    // Input order does not matter.
    expect(bucketQuantile(0.5, [...HIST].reverse())).toBeCloseTo(0.3, 12);
  });

  it('answers the highest finite bound for a rank in the +Inf bucket', () => {
    expect(bucketQuantile(0.95, [b(0.1, 10), b(1, 100), b(Infinity, 110)])).toBe(1); // rank 104.5 > 100
  });

  it('is NaN with no observations, no +Inf bucket or a single bucket', () => {
    expect(bucketQuantile(0.9, [b(0.1, 0), b(1, 0), b(Infinity, 0)])).toBeNaN();
    expect(bucketQuantile(0.9, [b(0.1, 10), b(1, 100)])).toBeNaN();
    expect(bucketQuantile(0.9, [b(Infinity, 100)])).toBeNaN();
    expect(bucketQuantile(0.9, [])).toBeNaN();
  });

  it('merges buckets of the same bound, holds cumulative counts up, and returns a non-positive lowest bound as is', () => {
    // Merged: one bucket of 10 at 1 -> rank 5 is halfway into it; unmerged it would be the top of the first.
    expect(bucketQuantile(0.5, [b(1, 5), b(1, 5), b(Infinity, 10)])).toBeCloseTo(0.5, 12);
    // 10, 8, 10 is read as 10, 10, 10.
    expect(bucketQuantile(0.5, [b(1, 10), b(2, 8), b(Infinity, 10)])).toBeCloseTo(0.5, 12);
    expect(bucketQuantile(0.2, [b(-1, 5), b(0, 10), b(Infinity, 10)])).toBe(-1);
  });

  it('reads le values the way client libraries write them', () => {
    expect([parseLe('+Inf'), parseLe('0.25'), parseLe('1e0'), parseLe('.5'), parseLe('x'), parseLe(undefined)]).toEqual([Infinity, 0.25, 1, 0.5, null, null]);
  });
});

const T0 = 1_700_000_000; // seconds
const BOUNDS = ['0.1', '0.25', '0.5', '1', '+Inf'];

/** Cumulative bucket counters a minute apart: `perMinute` new observations per bucket (cumulative by le) each minute. */
function bucketLines(labels: string, perMinute: number[], minutes: number): string[] {
  const out: string[] = [];
  for (let m = 0; m <= minutes; m++) {
    BOUNDS.forEach((le, i) => out.push(`lat_seconds_bucket{${labels},le="${le}"} ${perMinute[i]! * m} ${T0 + m * 60}`));
  }
  return out;
}

describe('histogram_quantile through the file source', () => {
  const lines = [
    '# TYPE lat_seconds histogram',
    ...bucketLines('service="api",pod="api-1"', [5, 20, 45, 50, 50], 10),
    ...bucketLines('service="api",pod="api-2"', [5, 20, 45, 50, 50], 10),
    ...bucketLines('service="idle",pod="idle-1"', [0, 0, 0, 0, 0], 10),
  ];
  const series = parseOpenMetrics(lines.join('\n')).all();
  const range = { start: (T0 + 300) * 1000, end: (T0 + 600) * 1000, step: 60_000 };

  it('aggregates the pods\' buckets by le and service and interpolates each step, without le or the name', () => {
    const r = evaluateRange(series, parseQuery('histogram_quantile(0.5, sum by (le, service) (rate(lat_seconds_bucket[2m])))'), range);
    expect(r.result.map((s) => s.metric)).toEqual([{ service: 'api' }, { service: 'idle' }]);
    const api = r.result[0]!.values;
    expect(api).toHaveLength(6);
    for (const [, v] of api) expect(Number(v)).toBeCloseTo(0.3, 9);
    // No observations at all: NaN at every step, as Prometheus answers.
    expect(r.result[1]!.values.map(([, v]) => v)).toEqual(Array(6).fill('NaN'));
  });

  it('keeps every non-le label without an aggregation, and reads the +Inf rank as the highest finite bound', () => {
    const r = evaluateRange(series, parseQuery('histogram_quantile(1, rate(lat_seconds_bucket{service="api"}[2m]))'), range);
    expect(r.result.map((s) => s.metric)).toEqual([
      { pod: 'api-1', service: 'api' },
      { pod: 'api-2', service: 'api' },
    ]);
    expect(r.result[0]!.values[0]![1]).toBe('1');
  });

  it('refuses a quantile outside [0, 1] or a missing one with what to write instead', () => {
    expect(() => parseQuery('histogram_quantile(90, rate(lat_seconds_bucket[2m]))')).toThrow(/between 0 and 1 \(0.9 for the p90\), not 90/);
    expect(() => parseQuery('histogram_quantile(-0.1, rate(lat_seconds_bucket[2m]))')).toThrow(QueryError);
    expect(() => parseQuery('histogram_quantile(rate(lat_seconds_bucket[2m]))')).toThrow(/needs a number first/);
    expect(() => parseQuery('histogram_quantile(0.9 rate(lat_seconds_bucket[2m]))')).toThrow(/expected ","/);
    expect(parseQuery('histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))')).toMatchObject({ kind: 'histogram_quantile', phi: 0.9 });
  });
});
