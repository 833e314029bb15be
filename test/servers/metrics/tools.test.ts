// Every metrics tool through a real MCP client over InMemoryTransport, on the bundled checkout-500
// OpenMetrics file: shapes, the incident found at 14:45 and ranked first, the annotations, and get_error_rates on the
// same requests under other conventions' counter and label names.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Anomaly, ErrorRateSeries, PromMatrixResult } from '../../../src/core/evidence.js';
import { connectMetrics, FIXTURE, FIXTURE_AT } from './client.js';

const at = Date.parse(FIXTURE_AT);

interface ListResult {
  metrics_total: number;
  metrics: Array<{ name: string; type: string; series: number; labels: Record<string, string[]> }>;
}
interface AnomaliesResult {
  window: { from: string; to: string };
  step_seconds: number;
  series_scanned: number;
  anomalies: Anomaly[];
}
interface ErrorRatesResult {
  services: ErrorRateSeries[];
  queries: { errors: string; total: string };
}

describe('metrics tools on the checkout-500 fixture', () => {
  it('registers four read-only tools with descriptions', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_anomalies', 'get_error_rates', 'list_metrics', 'query_range']);
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint).toBe(true);
      expect(t.annotations?.destructiveHint).toBe(false);
      expect(t.description!.length).toBeGreaterThan(80);
    }
  });

  it('list_metrics: names, types and label values, narrowed by match', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const all = await c.json<ListResult>('list_metrics');
    expect(all.metrics.map((m) => m.name)).toEqual([
      'db_pool_connections_in_use',
      'db_pool_max_connections',
      'http_request_duration_seconds',
      'http_requests_total',
      'node_filesystem_avail_bytes',
      'process_cpu_seconds_rate',
      'process_resident_memory_bytes',
      'upstream_request_duration_seconds',
    ]);
    const req = all.metrics.find((m) => m.name === 'http_requests_total')!;
    expect(req).toMatchObject({ type: 'counter', series: 7 });
    expect(req.labels.service).toEqual(['cart', 'checkout', 'payments', 'search']);
    const pool = await c.json<ListResult>('list_metrics', { match: 'db_pool_max_connections{service="checkout"}' });
    expect(pool.metrics).toEqual([{ name: 'db_pool_max_connections', type: 'gauge', series: 1, labels: { service: ['checkout'] } }]);
  });

  it('query_range: a selector and a summed rate in Prometheus matrix shape', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const max = await c.json<PromMatrixResult & { step_seconds: number }>('query_range', {
      query: 'db_pool_max_connections{service="checkout"}',
      start: '2026-02-17T14:20:00Z',
      end: '2026-02-17T14:30:00Z',
      step: '5m',
    });
    expect(max.resultType).toBe('matrix');
    expect(max.result).toEqual([
      {
        metric: { __name__: 'db_pool_max_connections', service: 'checkout' },
        values: [
          [Date.parse('2026-02-17T14:20:00Z') / 1000, '30'],
          [Date.parse('2026-02-17T14:25:00Z') / 1000, '35'],
          [Date.parse('2026-02-17T14:30:00Z') / 1000, '35'],
        ],
      },
    ]);
    const errs = await c.json<PromMatrixResult>('query_range', {
      query: 'sum by (service) (rate(http_requests_total{code=~"5.."}[1m]))',
      start: '2026-02-17T14:40:00Z',
      end: '2026-02-17T14:48:00Z',
      step: '1m',
    });
    const checkout = errs.result.find((r) => r.metric.service === 'checkout')!;
    expect(Object.keys(checkout.metric)).toEqual(['service']);
    const before = Number(checkout.values[0]![1]);
    const during = Number(checkout.values.at(-1)![1]);
    expect(before).toBeLessThan(0.5); // about 0.5 % of 40 req/s
    expect(during).toBeGreaterThan(4); // about 15.5 % of 38 req/s
  });

  it('get_anomalies: the checkout step at 14:45 is found and ranked first', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const r = await c.json<AnomaliesResult>('get_anomalies', { since: '3h', limit: 10 });
    expect(r.window).toEqual({ from: '2026-02-17T12:00:00.000Z', to: '2026-02-17T15:00:00.000Z' });
    expect(r.step_seconds).toBe(15);
    expect(r.series_scanned).toBe(18);
    const top = r.anomalies[0]!;
    expect(top).toMatchObject({ time: '2026-02-17T14:45:00.000Z', direction: 'up', metric: 'http_requests_total', kind: 'rate' });
    expect(top.labels).toEqual({ code: '500', service: 'checkout' });
    const latency = r.anomalies.find((a) => a.metric === 'http_request_duration_seconds' && a.labels.service === 'checkout')!;
    expect(latency).toMatchObject({ time: '2026-02-17T14:45:00.000Z', direction: 'up', kind: 'gauge' });
    expect(latency.before).toBeCloseTo(0.25, 1);
    expect(latency.after).toBeGreaterThan(4);
    expect(latency.relative_change).toBeGreaterThan(10);
    const scores = r.anomalies.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const narrowed = await c.json<AnomaliesResult>('get_anomalies', { match: 'db_pool', since: '3h' });
    expect(narrowed.anomalies.every((a) => a.metric.startsWith('db_pool'))).toBe(true);
    expect(narrowed.anomalies.find((a) => a.metric === 'db_pool_max_connections')).toMatchObject({
      time: '2026-02-17T14:25:00.000Z',
      before: 30,
      after: 35,
    });
  });

  it('get_error_rates: checkout rises from about 0.5 % to about 15 % at 14:45-14:50', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const r = await c.json<ErrorRatesResult>('get_error_rates', { since: '2026-02-17T14:00:00Z' });
    expect(r.services[0]!.service).toBe('checkout');
    const checkout = r.services[0]!;
    expect(checkout.baseline).toBeGreaterThan(0.002);
    expect(checkout.baseline).toBeLessThan(0.01);
    expect(checkout.peak).toBeGreaterThan(0.12);
    expect(checkout.peak).toBeLessThan(0.2);
    const peakAt = Date.parse(checkout.peak_time!);
    expect(peakAt).toBeGreaterThanOrEqual(Date.parse('2026-02-17T14:45:00Z'));
    expect(peakAt).toBeLessThanOrEqual(Date.parse('2026-02-17T14:51:00Z'));
    expect(r.services.map((s) => s.service).sort()).toEqual(['cart', 'checkout', 'payments', 'search']);
    const only = await c.json<ErrorRatesResult>('get_error_rates', { service: 'cart', since: '1h' });
    expect(only.services.map((s) => s.service)).toEqual(['cart']);
    expect(only.services[0]!.peak).toBeLessThan(0.05);
  });

  it('honours configured metric and label names', async () => {
    const c = await connectMetrics({ file: FIXTURE, at, requestsMetric: 'http_requests_total', serviceLabel: 'code', statusLabel: 'service' });
    const r = await c.call('get_error_rates', { since: '1h' });
    // grouped by "code" now, and no "service" value looks like 5xx: every share is 0
    expect(r.isError).toBe(false);
    const parsed = JSON.parse(r.text) as ErrorRatesResult;
    expect(parsed.services.map((s) => s.service).sort()).toEqual(['200', '500']);
    expect(parsed.services.every((s) => s.peak === 0)).toBe(true);
    expect(parsed.queries.errors).toContain('sum by (code)');
  });

  it('get_error_rates reads the counter\'s own service and status labels when none are configured (OpenTelemetry names)', async () => {
    // The same file with `service` and `code` as an OpenTelemetry collector's Prometheus exporter names them.
    const otel = readFileSync(FIXTURE, 'utf8').replace(/([{,])service="/g, '$1service_name="').replace(/([{,])code="/g, '$1http_response_status_code="');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-otel-')), 'metrics.om');
    writeFileSync(file, otel);
    const original = await (await connectMetrics({ file: FIXTURE, at })).json<ErrorRatesResult>('get_error_rates', { since: '2026-02-17T14:00:00Z' });
    const renamed = await (await connectMetrics({ file, at })).json<ErrorRatesResult>('get_error_rates', { since: '2026-02-17T14:00:00Z' });
    expect(renamed.queries.errors).toContain('sum by (service_name)');
    expect(renamed.queries.errors).toContain('http_response_status_code=~"5.."');
    expect(renamed.services).toEqual(original.services);
    expect(renamed.services[0]!.service).toBe('checkout');
    // Labels set on the server are used as given, even where the series name them otherwise.
    const given = await (await connectMetrics({ file, at, serviceLabel: 'service', statusLabel: 'code' })).json<ErrorRatesResult & { note?: string }>('get_error_rates', { since: '1h' });
    expect(given.services).toEqual([]);
    expect(given.note).toContain('with a service label');
  });

  /** The fixture rewritten by `edit`, in a file of its own. */
  const rewritten = (edit: (text: string) => string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-counter-')), 'metrics.om');
    writeFileSync(file, edit(readFileSync(FIXTURE, 'utf8')));
    return file;
  };
  const since = { since: '2026-02-17T14:00:00Z' };

  it("get_error_rates finds another convention's request counter when none is configured (Micrometer's)", async () => {
    // Spring Boot's request timer as Micrometer's Prometheus registry writes it: `application` and `status`.
    const file = rewritten((t) =>
      t
        .replace('# TYPE http_requests counter', '# TYPE http_server_requests_seconds summary')
        .replace(/^http_requests_total\{code="(\d+)",service="([^"]+)"\}/gm, 'http_server_requests_seconds_count{application="$2",status="$1",uri="/api"}'),
    );
    const original = await (await connectMetrics({ file: FIXTURE, at })).json<ErrorRatesResult>('get_error_rates', since);
    const micrometer = await (await connectMetrics({ file, at })).json<ErrorRatesResult & { requests_metric: string }>('get_error_rates', since);
    expect(micrometer.requests_metric).toBe('http_server_requests_seconds_count');
    expect(micrometer.queries.errors).toContain('sum by (application)');
    expect(micrometer.services).toEqual(original.services);
    // A counter named on the server is read as named, even when it is not there.
    const named = await (await connectMetrics({ file, at, requestsMetric: 'http_requests_total' })).json<ErrorRatesResult & { note?: string }>('get_error_rates', since);
    expect(named.services).toEqual([]);
    expect(named.note).toContain('no http_requests_total series');
  });

  it('get_error_rates counts every pod of a workload as its service when the counter names only pods', async () => {
    // Two replicas per service, each with the original's counts: the shares are the service's own. The counter's name
    // is no known convention's, only request-like (`*_responses_total`).
    const file = rewritten((t) =>
      t
        .replace('# TYPE http_requests counter', '# TYPE http_server_responses counter')
        .replace(/^http_requests_total\{code="(\d+)",service="([^"]+)"\}(.*)$/gm, (_l, code: string, svc: string, rest: string) =>
          ['x2x9q', 'b7k4m'].map((id) => `http_server_responses_total{code="${code}",pod="${svc}-7d9f8b6c5-${id}"}${rest}`).join('\n'),
        ),
    );
    const original = await (await connectMetrics({ file: FIXTURE, at })).json<ErrorRatesResult>('get_error_rates', since);
    const pods = await (await connectMetrics({ file, at })).json<ErrorRatesResult>('get_error_rates', since);
    expect(pods.queries.errors).toContain('sum by (pod)');
    expect(pods.queries.errors).toContain('http_server_responses_total{');
    expect(pods.services).toEqual(original.services);
    const one = await (await connectMetrics({ file, at })).json<ErrorRatesResult>('get_error_rates', { ...since, service: 'checkout' });
    expect(one.services).toEqual(original.services.filter((s) => s.service === 'checkout'));
  });

  it('get_error_rates takes the scrape job as the service when the counter carries nothing else (`namespace/name` jobs too)', async () => {
    const file = rewritten((t) => t.replace(/^http_requests_total\{code="(\d+)",service="([^"]+)"\}/gm, 'http_requests_total{code="$1",instance="10.0.0.5:8080",job="shop/$2"}'));
    const original = await (await connectMetrics({ file: FIXTURE, at })).json<ErrorRatesResult>('get_error_rates', since);
    const jobs = await (await connectMetrics({ file, at })).json<ErrorRatesResult>('get_error_rates', since);
    expect(jobs.queries.errors).toContain('sum by (job)');
    expect(jobs.services).toEqual(original.services);
  });
});
