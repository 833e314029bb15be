// Bad input never crashes the metrics server: an unparseable file line (with its number), a selector that
// matches nothing, unsupported PromQL, bad times, Prometheus down or answering 5xx. Each is an isError
// result that says what to fix, and the server answers the next call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../helpers/prometheus.js';
import { connectMetrics, FIXTURE, FIXTURE_AT } from './client.js';

const at = Date.parse(FIXTURE_AT);

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bad-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A tiny HTTP server answering every request with `status` and `body`. */
async function tinyServer(status: number, body: string): Promise<string> {
  const srv: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  const addr = srv.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

describe('metrics server bad input', () => {
  it('an unparseable line: isError naming the line number, for every tool, and the server keeps answering', async () => {
    const lines = ['# TYPE g gauge', 'g{a="1"} 1 1771326000', 'g{a="1"} 2 1771326015', 'g{a="1" 3 1771326030', 'g{a="1"} 4 1771326045'];
    const file = tempFile('broken.om', `${lines.join('\n')}\n# EOF\n`);
    const c = await connectMetrics({ file, at });
    for (const tool of ['list_metrics', 'get_anomalies', 'get_error_rates']) {
      const r = await c.call(tool);
      expect(r.isError).toBe(true);
      expect(r.text).toContain('line 4: expected , or } after a label value');
    }
    const q = await c.call('query_range', { query: 'g' });
    expect(q.isError).toBe(true);
    expect(q.text).toMatch(/line 4/);
    const { tools } = await c.client.listTools();
    expect(tools.length).toBe(4);
  });

  it('a series with gaps and a counter reset still answers', async () => {
    const t0 = 1771326000;
    const lines = ['# TYPE req counter'];
    // 1 request/s in 15 s samples; the process restarts at i = 20 (counter back to 15), then a 10-minute gap.
    const value = (i: number) => (i < 20 ? 1000 + i * 15 : (i - 19) * 15);
    for (let i = 0; i < 40; i++) lines.push(`req_total{service="x"} ${value(i)} ${t0 + i * 15}`);
    for (let i = 80; i < 100; i++) lines.push(`req_total{service="x"} ${value(i)} ${t0 + i * 15}`);
    const file = tempFile('gaps.om', `${lines.join('\n')}\n# EOF\n`);
    const c = await connectMetrics({ file, at: (t0 + 100 * 15) * 1000 });
    const r = await c.json<{ result: Array<{ values: Array<[number, string]> }> }>('query_range', {
      query: 'rate(req_total[1m])',
      start: String(t0 + 60),
      end: String(t0 + 99 * 15),
      step: '15s',
    });
    const values = r.result[0]!.values;
    // no points inside the gap (rate needs two samples in its window)
    expect(values.some(([t]) => t > t0 + 39 * 15 + 60 && t < t0 + 80 * 15)).toBe(false);
    // every full window, including the ones across the reset, reads 1/s; none is negative
    const full = values.filter(([t]) => (t <= t0 + 39 * 15 && t >= t0 + 60) || t >= t0 + 80 * 15 + 60);
    expect(full.length).toBe(36 + 16);
    for (const [, v] of full) expect(Number(v)).toBeCloseTo(1, 9);
    for (const [, v] of values) expect(Number(v)).toBeGreaterThan(0);
  });

  it('a selector that matches nothing, unsupported PromQL and bad times are isError with a fix', async () => {
    const c = await connectMetrics({ file: FIXTURE, at });
    const none = await c.call('query_range', { query: 'http_requests_total{service="nope"}' });
    expect(none.isError).toBe(true);
    expect(none.text).toContain('no series matched http_requests_total{service="nope"}');
    expect(none.text).toContain('list_metrics');
    const unsupported = await c.call('query_range', { query: 'quantile_over_time(0.99, x[5m])' });
    expect(unsupported.isError).toBe(true);
    expect(unsupported.text).toContain('use a --prometheus source for full PromQL');
    const badQuantile = await c.call('query_range', { query: 'histogram_quantile(99, rate(x_bucket[5m]))' });
    expect(badQuantile.isError).toBe(true);
    expect(badQuantile.text).toContain('between 0 and 1 (0.9 for the p90), not 99');
    const badStep = await c.call('query_range', { query: 'db_pool_max_connections', step: 'soon' });
    expect(badStep.text).toContain('step "soon" is not a duration');
    const badSince = await c.call('get_anomalies', { since: 'yesterday-ish' });
    expect(badSince.isError).toBe(true);
    expect(badSince.text).toContain('invalid since "yesterday-ish"');
    const noMatch = await c.call('list_metrics', { match: 'kafka_lag' });
    expect(noMatch.text).toContain('no series match "kafka_lag"');
    const noService = await c.call('get_error_rates', { service: 'billing' });
    expect(noService.isError).toBe(true);
    expect(noService.text).toContain('equal to "billing"');
    const badMatch = await c.call('get_anomalies', { match: '{service=~".*"}' });
    expect(badMatch.text).toContain('needs a metric name or a matcher');
    // still serving
    const ok = await c.json<{ metrics_total: number }>('list_metrics');
    expect(ok.metrics_total).toBe(8);
  });

  it('a metrics file that disappeared is an isError', async () => {
    const c = await connectMetrics({ file: '/nonexistent/metrics.om', at });
    const r = await c.call('list_metrics');
    expect(r.isError).toBe(true);
    expect(r.text).toContain('cannot read metrics file /nonexistent/metrics.om: ENOENT');
  });

  it('Prometheus down: isError with the reason, then the next call is answered too', async () => {
    const port = await freePort(); // nothing listens there
    const c = await connectMetrics({ prometheus: `http://127.0.0.1:${port}`, at });
    for (const [tool, args] of [
      ['list_metrics', {}],
      ['query_range', { query: 'up' }],
      ['get_anomalies', {}],
      ['get_error_rates', {}],
    ] as const) {
      const r = await c.call(tool, args);
      expect(r.isError).toBe(true);
      expect(r.text).toContain(`Prometheus at http://127.0.0.1:${port} is not reachable (ECONNREFUSED)`);
    }
  });

  it('Prometheus answering 5xx: isError with the status and its reason', async () => {
    const url = await tinyServer(503, JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'TSDB not ready' }));
    const c = await connectMetrics({ prometheus: url, at });
    const r = await c.call('query_range', { query: 'up' });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('answered 503 Service Unavailable for /api/v1/query_range: TSDB not ready');
    const plain = await tinyServer(500, 'internal error');
    const c2 = await connectMetrics({ prometheus: plain, at });
    const r2 = await c2.call('get_error_rates');
    expect(r2.text).toContain('answered 500 Internal Server Error for /api/v1/query_range: internal error');
    const r3 = await c2.call('list_metrics');
    expect(r3.text).toContain('answered 500 Internal Server Error for /api/v1/series');
  });

  it('a server that is not Prometheus, and Prometheus rejecting the query, are told apart', async () => {
    const html = await tinyServer(200, '<html>hello</html>');
    const c = await connectMetrics({ prometheus: html, at });
    const r = await c.call('query_range', { query: 'up' });
    expect(r.text).toContain('sent a response to /api/v1/query_range that is not Prometheus API JSON');
    const bad = await tinyServer(400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }));
    const c2 = await connectMetrics({ prometheus: bad, at });
    const r2 = await c2.call('query_range', { query: 'up{{' });
    expect(r2.isError).toBe(true);
    expect(r2.text).toContain('Prometheus rejected the request (bad_data): parse error at char 5');
  });
});
