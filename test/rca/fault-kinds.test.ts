// The offline engine on built incidents of kinds and wordings not in the shared sample: each runs
// investigateOffline() end to end over a canned ToolCaller and checks category, service, suspect and ruled out.
import { describe, expect, it } from 'vitest';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, errorRate, gauge, iso, signature, span, type World } from './helpers.js';

describe('offline engine on fault kinds beyond the sample', () => {
  it('blames the release commit that lowered a limit, not its sibling, in logfmt wording', async () => {
    const limit = commit('a1', 'Trim connection settings for the new cluster', BASE + 60 * MIN, ['ledger/deploy/settings.yaml']);
    const sibling = commit('a2', 'Add export endpoint for statements', BASE + 55 * MIN, ['ledger/api/statements_export.py']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({
          template: 'could not obtain connection from pool within <*> (max_connections=<*>)',
          example: 'could not obtain connection from pool within 5000ms (max_connections=8)',
          service: 'ledger',
          base: BASE,
          minutes: span(ONSET, 120, 9),
        }),
      ],
      errorRates: [errorRate('ledger', BASE, 120, ONSET + 1)],
      deployments: [deployment('r42', BASE + 70 * MIN, [limit, sibling])],
      diffs: {
        [limit.sha]: ' ledger:\n-  max_connections: 40\n+  max_connections: 8\n   statement_timeout: 30s\n',
        [sibling.sha]: '+def export_statements(request):\n+    return render_csv(request.account)\n',
      },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(limit.sha);
    expect(['resource_exhaustion', 'config_error']).toContain(report.root_cause.category);
    expect(report.root_cause.service).toBe('ledger');
    expect(report.ruled_out.some((r) => r.what.includes(sibling.sha.slice(0, 8)))).toBe(true);
    expect(report.recommendations[0]).toContain('r42');
  });

  it('calls memory climbing to OOM kills resource exhaustion with no suspect when no change relates', async () => {
    const docs = commit('b1', 'Document the retention policy', BASE + 40 * MIN, ['docs/retention.md']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({ template: 'java.lang.OutOfMemoryError: Java heap space', service: 'indexer', base: BASE, minutes: span(ONSET, 118, 2) }),
      ],
      errorRates: [errorRate('indexer', BASE, 120, ONSET)],
      deployments: [deployment('v7.2.0', BASE + 40 * MIN, [docs])],
      series: { container_memory_working_set_bytes: [gauge({ container: 'indexer' }, BASE, 120, (m) => 2e8 + m * 1.5e7)] },
      events: [0, 1, 2].map((i) => ({ time: iso(BASE + (ONSET + 10 * i) * MIN), action: 'oom', container: 'indexer', exit_code: 137, detail: 'OOMKilled' })),
      containers: [{ id: 'x', name: 'indexer', image: 'indexer:7.2.0', state: 'running', status: 'Up 2 minutes', health: null, restart_count: 3, exit_code: 137, oom_killed: true }],
    });
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.service).toBe('indexer');
    expect(report.root_cause.suspect_change).toBeNull();
    expect(report.root_cause.summary).toMatch(/memory/);
    expect(report.ruled_out.some((r) => r.what.includes('v7.2.0') && /documentation|only/.test(r.reason))).toBe(true);
  });

  it('recognises a disk filling to zero', async () => {
    const { report } = await run({
      signatures: [
        ...noise,
        signature({
          template: 'could not write to file <*>: No space left on device',
          example: 'could not write to file "pg_wal/xlogtemp.123": No space left on device',
          service: 'warehouse',
          base: BASE,
          minutes: span(ONSET, 120, 4),
        }),
      ],
      errorRates: [errorRate('warehouse', BASE, 120, ONSET)],
      series: { node_filesystem_free_bytes: [gauge({ mountpoint: '/data' }, BASE, 120, (m) => Math.max(0, 8e9 - m * 1e8))] },
    });
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.service).toBe('warehouse');
    expect(report.root_cause.summary).toMatch(/disk/);
    expect(report.root_cause.suspect_change).toBeNull();
  });

  it('names an expired certificate and the host it belongs to', async () => {
    const { report } = await run({
      signatures: [
        ...noise,
        signature({
          template: 'POST <*> to carrier-api failed: x509: certificate has expired or is not yet valid',
          example: 'POST https://carrier-api.internal/v1/labels to carrier-api failed: x509: certificate has expired or is not yet valid',
          service: 'shipping',
          base: BASE,
          minutes: span(ONSET, 120, 5),
        }),
      ],
      errorRates: [errorRate('shipping', BASE, 120, ONSET)],
      anomalies: [],
    });
    expect(report.root_cause.category).toBe('certificate_or_auth');
    expect(report.root_cause.service).toBe('carrier-api');
    expect(report.root_cause.suspect_change).toBeNull();
  });

  it('reads a request-rate step with no change behind it as capacity', async () => {
    const { report } = await run({
      signatures: [
        ...noise,
        signature({ template: 'request queue full, rejecting <*>', service: 'search', base: BASE, minutes: span(ONSET, 120, 6) }),
      ],
      errorRates: [errorRate('search', BASE, 120, ONSET)],
      anomalies: [
        { series: 'http_requests_total{code="200",service="search"}', metric: 'http_requests_total', labels: { code: '200', service: 'search' }, time: iso(BASE + (ONSET - 3) * MIN), before: 120, after: 410, relative_change: 2.4, direction: 'up', score: 40, kind: 'rate' },
      ],
    });
    expect(report.root_cause.category).toBe('capacity');
    expect(report.root_cause.service).toBe('search');
    expect(report.root_cause.suspect_change).toBeNull();
  });

  it('reports a crash loop as infrastructure when no change relates, and as the release when its code is in the stack', async () => {
    const crash = signature({
      template: 'panic: runtime error: invalid memory address or nil pointer dereference',
      example: 'panic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:\nmain.(*Consumer).handle(...)\n\t/src/worker/queue/consumer.go:88 +0x1d',
      service: 'worker',
      base: BASE,
      minutes: span(ONSET, 120).filter(([m]) => m % 4 === 0),
      level: 'fatal',
    });
    const events = [0, 1, 2, 3, 4].map((i) => ({ time: iso(BASE + (ONSET + 4 * i) * MIN), action: 'die', container: 'worker', exit_code: 2, detail: '' }));
    const base: World = { signatures: [...noise, crash], events, errorRates: [] };
    const alone = await run(base);
    expect(alone.report.root_cause.category).toBe('infrastructure');
    expect(alone.report.root_cause.service).toBe('worker');
    expect(alone.report.root_cause.suspect_change).toBeNull();

    const change = commit('c1', 'Handle empty batches in the consumer', BASE + 76 * MIN, ['worker/queue/consumer.go']);
    const other = commit('c2', 'Bump base image', BASE + 75 * MIN, ['worker/Dockerfile']);
    const withRelease = await run({
      ...base,
      deployments: [deployment('w-118', BASE + 78 * MIN, [change, other])],
      diffs: { [change.sha]: '-\tif len(batch) == 0 { return nil }\n+\tc.last = batch[len(batch)-1]\n', [other.sha]: '-FROM golang:1.21\n+FROM golang:1.22\n' },
    });
    expect(withRelease.report.root_cause.suspect_change?.sha).toBe(change.sha);
    expect(withRelease.report.root_cause.category).toBe('code_regression');
  });

  it('rules out a release that came after the onset, with the minutes', async () => {
    const late = commit('d1', 'Tune retry backoff', BASE + (ONSET + 1) * MIN, ['billing/client.js']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({ template: 'upstream fx-rates returned 503 Service Unavailable', service: 'billing', base: BASE, minutes: span(ONSET, 120, 7) }),
      ],
      errorRates: [errorRate('billing', BASE, 120, ONSET)],
      deployments: [deployment('v3.1.0', BASE + (ONSET + 3) * MIN, [late])],
    });
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.service).toBe('fx-rates');
    expect(report.root_cause.suspect_change).toBeNull();
    const r = report.ruled_out.find((x) => x.what.includes('v3.1.0'));
    expect(r?.reason).toBe('errors began 3 minutes before v3.1.0 was deployed');
  });

  it('says unknown when nothing stands out', async () => {
    const { report } = await run({ signatures: noise, errorRates: [errorRate('api', BASE, 120, 999)] });
    expect(report.root_cause.category).toBe('unknown');
    expect(report.root_cause.suspect_change).toBeNull();
    expect(report.root_cause.confidence).toBeLessThan(0.3);
    expect(report.onset).toBeNull();
  });

  it('still reports when servers are missing and a call fails', async () => {
    const { report, events } = await run({
      signatures: [...noise, signature({ template: 'upstream geo-svc timed out after <*>', service: 'maps', base: BASE, minutes: span(ONSET, 120, 5) })],
      without: ['metrics__get_error_rates', 'metrics__get_anomalies', 'metrics__list_metrics', 'metrics__query_range', 'docker__get_events', 'docker__list_containers'],
      deployments: [deployment('m1', BASE + 10 * MIN, [commit('e1', 'Initial', BASE, ['maps/main.go'])])],
      failing: ['git__show_commit'],
    });
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.service).toBe('geo-svc');
    expect(report.tool_calls.some((c) => c.tool === 'git__show_commit' && !c.ok)).toBe(true);
    expect(report.notices?.some((n) => n.includes('git__show_commit'))).toBe(true);
    expect(events.filter((e) => e.type === 'analyzer_failed')).toEqual([]);
  });
});
