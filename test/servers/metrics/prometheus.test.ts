// The same answers from a real Prometheus as from the file: each OpenMetrics file is backfilled with promtool,
// served by Debian's prometheus on a free port, and query_range, get_anomalies, get_error_rates and
// list_metrics are compared tool call by tool call. Skipped without prometheus/promtool unless REQUIRE_INTEGRATION=1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAvailable, prometheusSkipReason, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus.js';
import { connectMetrics, FIXTURE, FIXTURE_AT, SCENARIOS, type MetricsClient } from './client.js';
import { expectSameAnswer } from './same-answer.js';

interface Case {
  name: string;
  file: string;
  at: string;
  window: { since: string; until: string };
  service: string;
}

const cases: Case[] = [
  {
    name: 'checkout-500 fixture',
    file: FIXTURE,
    at: FIXTURE_AT,
    window: { since: '2026-02-17T13:30:00Z', until: '2026-02-17T15:00:00Z' },
    service: 'checkout',
  },
];
const pool = join(SCENARIOS, 'pool-exhaustion-101/metrics/metrics.om');
if (existsSync(pool)) {
  cases.push({
    name: 'shared scenario pool-exhaustion-101',
    file: pool,
    at: '2025-08-02T18:57:00Z',
    window: { since: '2025-08-02T17:30:00Z', until: '2025-08-02T18:57:00Z' },
    service: 'orders',
  });
}

describe.skipIf(!prometheusAvailable)(`metrics through a real Prometheus ${prometheusSkipReason}`, () => {
  describe.each(cases)('$name', (c) => {
    let prom: RunningPrometheus;
    let viaFile: MetricsClient;
    let viaProm: MetricsClient;

    beforeAll(async () => {
      prom = await startPrometheus(c.file);
      viaFile = await connectMetrics({ file: c.file, at: Date.parse(c.at) }, true);
      viaProm = await connectMetrics({ prometheus: prom.url, at: Date.parse(c.at) }, true);
    });
    afterAll(async () => {
      await viaFile?.close();
      await viaProm?.close();
      await prom?.stop();
    });

    /** Both answers, each required to be a success. */
    async function both(tool: string, args: Record<string, unknown>): Promise<[unknown, unknown]> {
      const [p, f] = await Promise.all([viaProm.call(tool, args), viaFile.call(tool, args)]);
      expect(p.isError, `prometheus: ${p.text.slice(0, 300)}`).toBe(false);
      expect(f.isError, `file: ${f.text.slice(0, 300)}`).toBe(false);
      return [JSON.parse(p.text), JSON.parse(f.text)];
    }

    it.each([
      'http_requests_total',
      'http_request_duration_seconds{quantile="0.99"}',
      'rate(http_requests_total[1m])',
      'sum by (service) (rate(http_requests_total{code=~"5.."}[2m]))',
      'sum(rate(http_requests_total{code!="200"}[5m]))',
      'max by (service) (db_pool_connections_in_use)',
    ])('query_range %s', async (query) => {
      const [p, f] = await both('query_range', { query, start: c.window.since, end: c.window.until, step: '30s' });
      expect((f as { result: unknown[] }).result.length).toBeGreaterThan(0);
      expectSameAnswer(p, f);
    });

    it('get_anomalies', async () => {
      const [p, f] = await both('get_anomalies', { ...c.window, limit: 30 });
      const anomalies = (f as { anomalies: Array<{ labels: Record<string, string>; metric: string }> }).anomalies;
      expect(anomalies.length).toBeGreaterThan(2);
      expect(anomalies[0]!.labels.service).toBe(c.service);
      expectSameAnswer(p, f);
    });

    it('get_error_rates', async () => {
      const [p, f] = await both('get_error_rates', c.window);
      const services = (f as { services: Array<{ service: string; peak: number }> }).services;
      expect(services[0]!.service).toBe(c.service);
      expect(services[0]!.peak).toBeGreaterThan(0.1);
      expectSameAnswer(p, f);
    });

    it('list_metrics (names, label values; counters by name since backfilled data has no metadata)', async () => {
      const [p, f] = await both('list_metrics', {});
      const strip = (x: unknown) => ({ ...(x as object), source: undefined });
      expectSameAnswer(strip(p), strip(f));
    });
  });
});
