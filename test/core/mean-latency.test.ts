// Timers read by their mean (Δsum / Δcount): which families qualify (latency-named `_sum` + `_count`, no buckets, no
// quantiles), the rate queries asked of the real file source on a small Micrometer sample, and the division per step.
import { describe, expect, it } from 'vitest';
import { meanFamilies, meanName, meanPartQuery, meanSeries } from '../../src/core/sources/mean-latency.js';
import { parseMatrix } from '../../src/core/sources/metric-matrix.js';
import { parseMetricNames } from '../../src/core/sources/metrics.js';
import { metricKind } from '../../src/core/metric-kind.js';
import { connectMetrics, metricsFile } from '../servers/metrics/client.js';

const T0 = Date.UTC(2026, 2, 9, 10, 0, 0) / 1000;
const SHIPPING = 'exception="None",method="GET",outcome="SUCCESS",status="200",namespace="shop",pod="shipping-7d9f-x2",service="shipping"';

/**
 * What Spring Boot's Micrometer registry exposes for one route of one pod: a summary family with `_count`, `_sum` and
 * the `_max` gauge, no buckets (its default). Requests per minute and their mean time in seconds, minute by minute; the
 * process restarts (counters from zero) at `restartAt`.
 */
function micrometer(uri: string, perMinute: number[], meanSeconds: number[], restartAt = -1): string[] {
  const out: string[] = [];
  let count = 0;
  let sum = 0;
  perMinute.forEach((n, k) => {
    if (k === restartAt) [count, sum] = [0, 0];
    count += n;
    sum += n * meanSeconds[k]!;
    const t = T0 + k * 60;
    out.push(`http_server_requests_seconds_count{${SHIPPING},uri="${uri}"} ${count} ${t}`);
    out.push(`http_server_requests_seconds_sum{${SHIPPING},uri="${uri}"} ${Number(sum.toFixed(6))} ${t}`);
    out.push(`http_server_requests_seconds_max{${SHIPPING},uri="${uri}"} ${meanSeconds[k]! * 3} ${t}`);
  });
  return out;
}

describe('timer families read by their mean', () => {
  it('takes latency-named _sum/_count pairs without buckets or quantiles, and sums away the route and status', () => {
    const listing = parseMetricNames({
      metrics: [
        { name: 'http_server_requests_seconds_count', type: 'counter', labels: { service: ['shipping'], pod: ['shipping-1'], uri: ['/codes'], status: ['200'], outcome: ['SUCCESS'] } },
        { name: 'http_server_requests_seconds_sum', type: 'counter', labels: { service: ['shipping'], pod: ['shipping-1'], uri: ['/codes'], status: ['200'], outcome: ['SUCCESS'] } },
        { name: 'http_server_requests_seconds_max', type: 'gauge', labels: { service: ['shipping'] } },
        // A histogram: its p90 is read from the buckets (histogram-families.ts), not a second time as a mean.
        { name: 'http_request_duration_seconds_bucket', type: 'counter', labels: { service: ['cart'], le: ['0.1'] } },
        { name: 'http_request_duration_seconds_sum', type: 'counter', labels: { service: ['cart'] } },
        { name: 'http_request_duration_seconds_count', type: 'counter', labels: { service: ['cart'] } },
        // A summary with quantiles: those gauges are read as they are.
        { name: 'rpc_duration_seconds', type: 'gauge', labels: { service: ['auth'], quantile: ['0.5', '0.9'] } },
        { name: 'rpc_duration_seconds_sum', type: 'counter', labels: { service: ['auth'] } },
        { name: 'rpc_duration_seconds_count', type: 'counter', labels: { service: ['auth'] } },
        // GC pauses are memory pressure, not request latency; a lone _sum has no count to divide by.
        { name: 'jvm_gc_pause_seconds_sum', type: 'counter', labels: { service: ['shipping'] } },
        { name: 'jvm_gc_pause_seconds_count', type: 'counter', labels: { service: ['shipping'] } },
        { name: 'request_processing_seconds_sum', type: 'counter', labels: { service: ['cart'] } },
      ],
    });
    expect(meanFamilies(listing)).toEqual([{ base: 'http_server_requests_seconds', labels: ['service', 'pod'] }]);
    expect(metricKind(meanName({ base: 'http_server_requests_seconds', labels: [] }))).toBe('latency');
    expect(metricKind('request_duration_milliseconds_mean')).toBe('latency');
  });

  it('divides the sum\'s rate by the count\'s per pod on the real file source, through a restart and idle minutes', async () => {
    // /codes: 60 requests a minute at 6 ms, then 95 ms from minute 12 (a slower database); the pod restarts at minute 16.
    const minutes = 20;
    const codes = micrometer(
      '/codes',
      Array.from({ length: minutes }, () => 60),
      Array.from({ length: minutes }, (_, k) => (k >= 12 ? 0.095 : 0.006)),
      16,
    );
    // /confirm: idle but for minutes 5 and 6 (its count does not move elsewhere).
    const confirm = micrometer(
      '/confirm/{id}',
      Array.from({ length: minutes }, (_, k) => (k === 5 || k === 6 ? 30 : 0)),
      Array.from({ length: minutes }, () => 0.02),
    );
    const file = metricsFile(['# TYPE http_server_requests_seconds summary', '# TYPE http_server_requests_seconds_max gauge', ...codes, ...confirm]);
    const client = await connectMetrics({ file });
    const listing = parseMetricNames(await client.json('list_metrics', {}));
    const [family] = meanFamilies(listing);
    expect(family?.base).toBe('http_server_requests_seconds');
    expect([...family!.labels].sort()).toEqual(['namespace', 'pod', 'service']);
    const range = async (query: string) =>
      parseMatrix(await client.json('query_range', { query, start: new Date((T0 + 120) * 1000).toISOString(), end: new Date((T0 + 19 * 60) * 1000).toISOString(), step: '60s' }))!;
    expect(meanPartQuery(family!, 'sum', 60)).toBe(`sum by (${family!.labels.join(', ')}) (rate(http_server_requests_seconds_sum[120s]))`);
    const mean = meanSeries(family!, await range(meanPartQuery(family!, 'sum', 60)), await range(meanPartQuery(family!, 'count', 60)));
    expect(mean).toHaveLength(1);
    expect(mean[0]!.metric).toBe('http_server_requests_seconds_mean');
    expect(mean[0]!.labels.service).toBe('shipping');
    const at = (minute: number) => mean[0]!.points.find(([t]) => t === (T0 + minute * 60) * 1000)?.[1];
    // Before the slowdown: the route's 6 ms and, while /confirm ran, the mix of the two (60 at 6 ms, 30 at 20 ms).
    expect(at(4)).toBeCloseTo(0.006, 6);
    expect(at(6)).toBeCloseTo((60 * 0.006 + 30 * 0.02) / 90, 6);
    // Once both minutes of the range are slow, 95 ms; the restart's drop to zero is read as a reset, not a negative mean.
    expect(at(14)).toBeCloseTo(0.095, 6);
    expect(at(18)).toBeCloseTo(0.095, 6);
    for (const [, v] of mean[0]!.points) expect(v).toBeGreaterThan(0);
  });

  it('leaves out steps where no request finished', () => {
    const f = { base: 'jobs_duration_seconds', labels: ['service'] };
    const sums = [{ metric: '', labels: { service: 'worker' }, points: [[1, 0.5], [2, 0], [3, 1.2]] as Array<[number, number]> }];
    const counts = [{ metric: '', labels: { service: 'worker' }, points: [[1, 5], [2, 0], [3, 4]] as Array<[number, number]> }];
    expect(meanSeries(f, sums, counts)).toEqual([{ metric: 'jobs_duration_seconds_mean', labels: { service: 'worker' }, points: [[1, 0.1], [3, 0.3]] }]);
  });
});
