// Metric-only localization end to end on small hand-written OpenMetrics samples (fixtures/localize-metrics): the CLI and
// the real metrics server find a slow callee by caller/callee labels, a CPU limit, 5xx, a weak place after them, latency
// exported only as histograms (read through histogram_quantile), and disk writes or dropped packets read from counters.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { reportSchema, type Report } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const truthSchema = z.object({ service: z.string(), at: z.string(), window: z.string() });

async function investigate(name: string): Promise<{ report: Report; truth: z.infer<typeof truthSchema> }> {
  const dir = join(REPO_ROOT, 'fixtures', 'localize-metrics', name);
  const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
  const tmp = mkdtempSync(join(tmpdir(), 'rca-loc-metrics-'));
  onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
  const incident = readFileSync(join(dir, 'incident.txt'), 'utf8').trim();
  const args = [incident, '--metrics', 'metrics/metrics.om', '--at', truth.at, '--window', truth.window, '--offline', '--json'];
  const r = await runCliJson<unknown>('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  const report = reportSchema.parse(r.json);
  expect(report.tool_calls.filter((c) => !c.ok).map((c) => c.tool)).toEqual([]);
  return { report, truth };
}

const ranked = (r: Report) => [r.root_cause.service, ...(r.hypotheses ?? []).map((h) => h.service)].filter((s) => s !== null);

describe.skipIf(!cliBuilt('rca'))('rca --offline localizes from metrics alone (needs the build)', () => {
  it('walks caller/callee labels to the slow callee whose own metrics did not move, above the caller that waits on it', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('mesh-edges');
    expect(report.root_cause.service).toBe(truth.service);
    // Latency with no resource pressure anywhere: a network or dependency problem, not exhaustion.
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.summary).toContain('destination_workload="cart"');
    // checkout's latency rose only because its own calls did: it is listed, below cart, as waiting on a callee.
    const checkout = (report.hypotheses ?? []).find((h) => h.service === 'checkout');
    expect(checkout?.summary).toContain('waiting on a callee');
    expect(ranked(report).indexOf('checkout')).toBeGreaterThan(0);
  });

  it('names a service that reached its CPU limit from an already high level as resource exhaustion, its callers after it', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('cpu-at-limit');
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.summary).toMatch(/% of its limit/);
    expect(ranked(report).slice(1, 3).sort()).toEqual(['checkout', 'frontend']);
  });

  it('reads a request counter\'s 5xx series as the front end\'s own errors, with no resource category', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('frontend-5xx');
    expect(ranked(report)[0]).toBe(truth.service);
    expect(report.root_cause.category).not.toBe('resource_exhaustion');
    expect(report.root_cause.summary).toContain('code="500"');
    expect(report.evidence.some((e) => e.quote.includes('http_requests_total'))).toBe(true);
  });

  it('ranks a callee with a modest rise of its own above callers whose only evidence is their own calls at a timeout', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('waiting-callers');
    const order = [...new Set(ranked(report))];
    expect(order[0]).toBe(truth.service);
    // Every caller waiting on it is still listed, after it, each saying why it ranks where it does.
    expect(order.slice(1).sort()).toEqual(['checkout', 'frontend', 'orders', 'shipping']);
    const first = [report.root_cause, ...(report.hypotheses ?? [])].find((h) => h.service === truth.service);
    expect(first?.summary).toMatch(/only waits on its calls/);
    // A caller ranked after it says where its own evidence points: further down, not at itself.
    const callers = [report.root_cause, ...(report.hypotheses ?? [])].filter((h) => h.service !== truth.service);
    expect(callers.length).toBeGreaterThan(0);
    for (const h of callers) expect(h.summary).toMatch(/likely in a service it calls/);
    const confidences = (report.hypotheses ?? []).map((h) => h.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  });

  it('places a service whose only trace is a small sustained rise on its own scale above the callers that only wait on their calls', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('weak-place');
    const places = [report.root_cause, ...(report.hypotheses ?? [])];
    const order = [...new Set(ranked(report))];
    // The callers' evidence is only their own calls getting slower: the trouble began below them, and the one service
    // that moved on its own (a delay on its interface leaves its handling time flat) is what they may wait on.
    expect(order[0]).toBe(truth.service);
    expect(order.slice(1, 3).sort()).toEqual(['checkout', 'frontend']);
    expect(report.root_cause.summary).toMatch(/checkout's handling time rose with its own calls' time, and payment, which moved a little on its own, may be the dependency it waits on/);
    const weak = (report.hypotheses ?? []).find((h) => h.service === truth.service)!;
    expect(weak.summary).toMatch(/weak anomalies only \(low confidence\), below checkout, which waits on its calls/);
    // The kind is the callers' wait (a slow dependency or the network to it); the confidence stays low.
    expect(weak.category).toBe('dependency_failure');
    expect(weak.confidence).toBeLessThanOrEqual(0.25);
    expect(weak.confidence).toBeGreaterThan(0);
    for (const h of places.filter((p) => p.service !== truth.service)) expect(h.summary).toMatch(/likely in a service it calls/);
    // Two stray samples at a histogram bucket's edge are no sustained departure: catalog is not offered.
    expect(order).not.toContain('catalog');
  });

  it('reads CPU that only a cumulative counter exports (cAdvisor) as a rate, and finds the container burning it', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('cadvisor-cpu');
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.summary).toContain('container_cpu_usage_seconds_total');
    // The pause container is nobody's service.
    expect(ranked(report)).not.toContain('pod');
  });

  it('reads latency exported only as histograms through their p90, and finds the slow callee behind its waiting callers', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('histogram-latency');
    // The engine asked the source for each latency histogram's p90 (the file source evaluates histogram_quantile).
    const quantiles = report.tool_calls.filter((c) => c.tool === 'metrics__query_range' && JSON.stringify(c.args).includes('histogram_quantile(0.9'));
    expect(quantiles.map((c) => JSON.stringify(c.args))).toEqual([
      expect.stringContaining('http_server_request_duration_seconds_bucket'),
      expect.stringContaining('istio_request_duration_milliseconds_bucket'),
    ]);
    expect(report.root_cause.service).toBe(truth.service);
    // Latency with no CPU pressure anywhere: a network or dependency problem, explained by a p90 that rose.
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.summary).toMatch(/latency/);
    expect(report.root_cause.summary).toMatch(/_p90\{[^}]*cart[^}]*\} rose from/);
    // The explanation is grounded in the quantile call's output.
    expect(report.evidence.some((e) => e.tool === 'metrics__query_range' && e.detail.includes('_p90') && e.quote.includes('"cart"'))).toBe(true);
    // Its callers slowed only with their calls: listed after it, as waiting on a callee.
    expect([...new Set(ranked(report))].slice(1).sort()).toEqual(['checkout', 'frontend']);
    for (const h of report.hypotheses ?? []) if (h.service !== truth.service) expect(h.summary).toContain('waiting on a callee');
  });

  it('reads cAdvisor\'s filesystem counters: a disk stress on a callee is resource exhaustion there, not its callers\' latency', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('disk-writes');
    const queries = report.tool_calls.filter((c) => c.tool === 'metrics__query_range').map((c) => String(c.args.query));
    expect(queries).toContain('container_fs_writes_bytes_total');
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.summary).toMatch(/container_fs_writes_bytes_total\{[^}]*cart[^}]*\} rose from/);
    expect(ranked(report).slice(1)).toContain('checkout');
  });

  it('reads a pod\'s dropped-packets counter: packet loss there is a network failure of that pod, above its waiting callers', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('packet-drops');
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.summary).toContain('container_network_receive_packets_dropped_total');
    expect(report.root_cause.summary).toContain('network faults');
  });

  it('names a Kubernetes service by its pod\'s workload when every container is "server" and jobs name the scrapers', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('k8s-generic-container');
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.summary).toContain('container_cpu_usage_seconds_total');
    for (const generic of ['server', 'kubelet', 'kubernetes-pods', 'kube-state-metrics']) expect(ranked(report)).not.toContain(generic);
  });
});
