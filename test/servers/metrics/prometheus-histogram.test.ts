// Latency histograms through a real Prometheus: histogram_quantile answers the same from Prometheus as from the file
// source, and `rca --offline --metrics <prometheus>` finds the slow callee of fixtures/localize-metrics/histogram-latency.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../../helpers/cli.js';
import { prometheusAvailable, prometheusSkipReason, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus.js';
import { connectMetrics, type MetricsClient } from './client.js';
import { expectSameAnswer } from './same-answer.js';

const DIR = join(REPO_ROOT, 'fixtures', 'localize-metrics', 'histogram-latency');
const FILE = join(DIR, 'metrics', 'metrics.om');
const AT = '2026-03-09T10:33:00Z';
const WINDOW = { start: '2026-03-09T10:03:00Z', end: AT };

describe.skipIf(!prometheusAvailable)(`histograms through a real Prometheus ${prometheusSkipReason}`, () => {
  let prom: RunningPrometheus;
  let viaFile: MetricsClient;
  let viaProm: MetricsClient;

  beforeAll(async () => {
    prom = await startPrometheus(FILE);
    viaFile = await connectMetrics({ file: FILE, at: Date.parse(AT) }, true);
    viaProm = await connectMetrics({ prometheus: prom.url, at: Date.parse(AT) }, true);
  }, 90_000);
  afterAll(async () => {
    await viaFile?.close();
    await viaProm?.close();
    await prom?.stop();
  });

  it.each([
    'histogram_quantile(0.9, sum by (le, service, namespace) (rate(http_server_request_duration_seconds_bucket[120s])))',
    'histogram_quantile(0.5, sum by (le) (rate(istio_request_duration_milliseconds_bucket[2m])))',
    'histogram_quantile(0.99, rate(istio_request_duration_milliseconds_bucket{destination_workload="cart"}[3m]))',
  ])('query_range %s', async (query) => {
    const args = { query, ...WINDOW, step: '30s' };
    const [p, f] = await Promise.all([viaProm.call('query_range', args), viaFile.call('query_range', args)]);
    expect(p.isError, p.text.slice(0, 300)).toBe(false);
    expect(f.isError, f.text.slice(0, 300)).toBe(false);
    const file = JSON.parse(f.text) as { result: Array<{ values: unknown[] }> };
    expect(file.result.length).toBeGreaterThan(0);
    expect(file.result[0]!.values.length).toBeGreaterThan(50);
    expectSameAnswer(JSON.parse(p.text), file);
  });

  it.skipIf(!cliBuilt('rca'))('rca --offline reads the histograms\' p90 from Prometheus and ranks the slow callee first', { timeout: 120_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-hist-prom-'));
    try {
      const incident = readFileSync(join(DIR, 'incident.txt'), 'utf8').trim();
      const args = [incident, '--metrics', prom.url, '--at', AT, '--window', '30m', '--offline', '--json'];
      const r = await runCliJson<unknown>('rca', args, { cwd: tmp, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 110_000 });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = reportSchema.parse(r.json);
      expect(report.tool_calls.filter((c) => !c.ok).map((c) => c.tool)).toEqual([]);
      expect(report.root_cause.service).toBe('cart');
      expect(report.root_cause.summary).toMatch(/_p90\{[^}]*cart[^}]*\} rose from/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
