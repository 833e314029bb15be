// Which histogram families the offline engine reads and how: latency names first, a request's own dimensions (status,
// route, method) summed away, a range that holds two one-minute scrapes, and a result name read as latency.
import { describe, expect, it } from 'vitest';
import { histogramFamilies, quantileName, quantileQuery } from '../../src/core/sources/histogram-families.js';
import { parseMetricNames } from '../../src/core/sources/metrics.js';
import { metricKind } from '../../src/rca/localize/signal.js';

// list_metrics' shape: bucket series are listed as counters with their label values.
const listing = parseMetricNames({
  metrics: [
    { name: 'go_gc_pause_bucket', type: 'counter', labels: { job: ['api'], le: ['0.1', '+Inf'] } },
    { name: 'http_requests_total', type: 'counter', labels: { service: ['api'], code: ['200'] } },
    { name: 'istio_request_duration_milliseconds_bucket', type: 'counter', labels: { source_workload: ['web'], destination_workload: ['cart'], response_code: ['200', '503'], le: ['5', '+Inf'] } },
    { name: 'http_server_request_duration_seconds_bucket', type: 'counter', labels: { service: ['api'], pod: ['api-1'], http_route: ['/a'], method: ['GET'], le: ['0.1', '+Inf'] } },
    { name: 'http_server_request_duration_seconds_sum', type: 'counter', labels: { service: ['api'] } },
    { name: 'queue_bucket', type: 'gauge', labels: { shard: ['1'] } },
  ],
});

describe('histogram families of a metric listing', () => {
  it('takes bucket series with le, latency names first, and sums away status, route and method', () => {
    const families = histogramFamilies(listing);
    expect(families).toEqual([
      { base: 'http_server_request_duration_seconds', labels: ['service', 'pod'] },
      { base: 'istio_request_duration_milliseconds', labels: ['source_workload', 'destination_workload'] },
      { base: 'go_gc_pause', labels: ['job'] },
    ]);
    expect(histogramFamilies(listing, 1).map((f) => f.base)).toEqual(['http_server_request_duration_seconds']);
    // A listing that names the family as a histogram (with its metadata) rather than its bucket series.
    expect(histogramFamilies([{ name: 'rpc_latency_seconds', type: 'histogram', labels: [] }, { name: 'rpc_latency_seconds_bucket', type: 'counter', labels: [] }])).toEqual([
      { base: 'rpc_latency_seconds', labels: [] },
    ]);
    expect(histogramFamilies([{ name: 'rpc_latency_seconds', type: 'gauge', labels: [] }])).toEqual([]);
  });

  it('asks for the p90 over a range of two steps and at least two minutes', () => {
    const [http] = histogramFamilies(listing);
    expect(quantileQuery(http!, 30)).toBe('histogram_quantile(0.9, sum by (le, service, pod) (rate(http_server_request_duration_seconds_bucket[120s])))');
    expect(quantileQuery(http!, 300)).toContain('[600s]');
  });

  it('names the result so the localizer reads it as latency in its unit, client-side when the name says so', () => {
    const names = histogramFamilies(listing).map(quantileName);
    expect(names).toEqual(['http_server_request_duration_seconds_p90', 'istio_request_duration_milliseconds_p90', 'go_gc_pause_p90']);
    expect(metricKind('http_server_request_duration_seconds_p90')).toBe('latency');
    expect(metricKind('rpc_server_handling_seconds_p90')).toBe('latency');
    expect(metricKind('grpc_server_handling_milliseconds_p90')).toBe('latency');
    expect(metricKind('http_client_request_duration_seconds_p90')).toBe('client_latency');
    // A CPU counter in seconds stays CPU.
    expect(metricKind('process_cpu_seconds_total')).toBe('cpu');
  });
});
