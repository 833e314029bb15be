// The general rules behind the offline ranking, on evidence bundles built by hand: capacity from request
// counters only, pools pinned after the onset as symptoms, unreachable hosts vs word overlap, and onsets/names of broker failures.
import { describe, expect, it } from 'vitest';
import type { Anomaly, ErrorSignature } from '../../src/core/evidence.js';
import type { Finding } from '../../src/rca/analyzer.js';
import { emptyBundle, type EvidenceBundle } from '../../src/rca/bundle.js';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { canonicalEntity } from '../../src/rca/entities.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { REQUEST_COUNTER } from '../../src/core/sources/metrics.js';
import { nonSuccess, UPSTREAM_FAILURE } from '../../src/rca/signals.js';
import { commit, deployment, errorRate, iso, signature, span } from './helpers.js';

const BASE = Date.parse('2026-01-10T10:00:00Z');
const MIN = 60_000;
const ONSET = 80;

function bundleOf(parts: {
  signatures?: ErrorSignature[];
  errorRates?: ReturnType<typeof errorRate>[];
  anomalies?: Anomaly[];
  deployments?: ReturnType<typeof deployment>[];
  diffs?: Record<string, string>;
  series?: SeriesSamples[];
  counters?: SeriesSamples[];
}): EvidenceBundle {
  const b = emptyBundle('it is broken', { from: iso(BASE), to: iso(BASE + 120 * MIN) }, iso(BASE + 120 * MIN));
  const put = <T>(id: string, tool: string, data: T) => {
    b.outputs[id] = { tool, text: JSON.stringify(data) };
    return { call_id: id, tool, data };
  };
  if (parts.signatures) b.signatures = put('sig', 'logs__error_signatures', parts.signatures);
  if (parts.errorRates) b.errorRates = put('rates', 'metrics__get_error_rates', parts.errorRates);
  if (parts.anomalies) b.anomalies = put('anom', 'metrics__get_anomalies', parts.anomalies);
  if (parts.deployments) b.deployments = put('deps', 'git__get_deployments', parts.deployments);
  const all = (parts.deployments ?? []).flatMap((d) => d.commits);
  for (const [sha, diff] of Object.entries(parts.diffs ?? {})) {
    const c = all.find((x) => x.sha === sha)!;
    b.diffs.push(put(`diff-${sha.slice(0, 4)}`, 'git__show_commit', { ...c, diff, diff_truncated: false }));
  }
  if (parts.series) b.series.push(put('series', 'metrics__query_range', parts.series));
  if (parts.counters) b.counters.push(put('counters', 'metrics__query_range', parts.counters));
  return b;
}

function analyze(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  return { ...r, verdict: rank(r.findings, r.context) };
}

const conditions = (fs: Finding[], c: string) => fs.filter((f) => f.kind === 'condition' && f.condition === c) as Array<Extract<Finding, { kind: 'condition' }>>;

/** A series every minute over the two hours. */
function samples(metric: string, labels: Record<string, string>, f: (m: number) => number): SeriesSamples {
  const points: Array<[number, number]> = [];
  for (let m = 0; m <= 120; m++) points.push([BASE + m * MIN, f(m)]);
  return { metric, labels, points };
}
/** A raw counter whose rate is `rate(m)` per second. */
function counter(metric: string, labels: Record<string, string>, rate: (m: number) => number): SeriesSamples {
  let v = 1000;
  return samples(metric, labels, (m) => (v += rate(m) * 60));
}
function anomaly(metric: string, labels: Record<string, string>, atMin: number, before: number, after: number): Anomaly {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  return { series: `${metric}{${l}}`, metric, labels, time: iso(BASE + atMin * MIN), before, after, relative_change: (after - before) / Math.max(before, 1e-6), direction: 'up', score: 10, kind: 'rate' };
}

const timeouts = signature({ template: 'request to <*> failed: upstream timed out', service: 'web', base: BASE, minutes: span(ONSET, 120, 8) });

describe('capacity: only request counters, credited to their own service, with a real rise', () => {
  it('counts a step of a request counter whose service total rises (old behaviour kept)', () => {
    const { findings, verdict } = analyze(
      bundleOf({
        signatures: [timeouts],
        errorRates: [errorRate('web', BASE, 120, ONSET)],
        anomalies: [anomaly('http_requests_total', { code: '200', service: 'web' }, ONSET - 5, 40, 100)],
        counters: [counter('http_requests_total', { code: '200', service: 'web' }, (m) => (m >= ONSET - 5 ? 100 : 40))],
      }),
    );
    const cap = conditions(findings, 'capacity');
    expect(cap).toHaveLength(1);
    expect(cap[0]!.service).toBe('web');
    expect(verdict.best.category).toBe('capacity');
  });

  it('ignores a DNS response counter with a failure rcode and no service label', () => {
    const { findings } = analyze(
      bundleOf({
        signatures: [timeouts],
        errorRates: [errorRate('web', BASE, 120, ONSET)],
        anomalies: [anomaly('coredns_dns_responses_total', { rcode: 'NXDOMAIN', server: 'dns://:53' }, ONSET - 1, 2, 19)],
      }),
    );
    expect(conditions(findings, 'capacity')).toEqual([]);
  });

  it('ignores counters that are not requests, and request counters without their own service label', () => {
    const { findings } = analyze(
      bundleOf({
        signatures: [timeouts],
        errorRates: [errorRate('web', BASE, 120, ONSET)],
        anomalies: [
          anomaly('mysql_row_lock_waits_total', { service: 'web' }, ONSET, 0.01, 6),
          anomaly('http_requests_total', { code: '200', instance: 'lb-1:9100' }, ONSET - 2, 40, 100),
          anomaly('http_requests_total', { code: '503', service: 'web' }, ONSET, 1, 50),
        ],
      }),
    );
    expect(conditions(findings, 'capacity')).toEqual([]);
  });

  it('ignores a shift between result codes when the total request rate stays flat', () => {
    const { findings } = analyze(
      bundleOf({
        signatures: [timeouts],
        errorRates: [errorRate('web', BASE, 120, ONSET)],
        anomalies: [anomaly('http_requests_total', { code: '200', service: 'web' }, ONSET - 3, 40, 90)],
        counters: [
          counter('http_requests_total', { code: '200', service: 'web' }, (m) => (m >= ONSET - 3 ? 90 : 40)),
          counter('http_requests_total', { code: '304', service: 'web' }, (m) => (m >= ONSET - 3 ? 10 : 60)),
        ],
      }),
    );
    expect(conditions(findings, 'capacity')).toEqual([]);
  });

  it('tells request counters and failure results apart by name and label', () => {
    for (const n of ['http_requests_total', 'requests_total', 'grpc_server_handled_total', 'messages_consumed_total', 'rpc_requests_total']) expect(REQUEST_COUNTER.test(n), n).toBe(true);
    for (const n of ['coredns_dns_responses_total', 'innodb_row_lock_waits_total', 'http_request_errors_total', 'bytes_sent_total']) expect(REQUEST_COUNTER.test(n), n).toBe(false);
    expect(nonSuccess({ code: '200' })).toBe(false);
    expect(nonSuccess({ status: 'ok' })).toBe(false);
    expect(nonSuccess({ rcode: 'NOERROR' })).toBe(false);
    expect(nonSuccess({ code: '503' })).toBe(true);
    expect(nonSuccess({ rcode: 'NXDOMAIN' })).toBe(true);
    expect(nonSuccess({ reason: 'timeout' })).toBe(true);
  });
});

// A release one minute before the onset whose migration commit matches the lock errors.
const migration = commit('c1', 'Add customer_ref to invoices for ERP export', BASE + (ONSET - 1) * MIN, ['billing/db/migrations/0042_invoices.sql']);
const sibling = commit('c2', 'Render receipts with the new footer', BASE + (ONSET - 2) * MIN, ['billing/receipts/footer.go']);
const lockSig = signature({
  template: 'insert invoice failed: Lock wait timeout exceeded on invoices; try restarting transaction',
  service: 'billing',
  base: BASE,
  minutes: span(ONSET, 120, 6),
});
const poolSig = (from: number) => signature({ template: 'db pool exhausted, waiting for a connection', service: 'billing', base: BASE, minutes: span(from, 120, 2) });

describe('a saturated pool does not override the category of a blamed change unless it led or the change set it', () => {
  const release = deployment('v11.7.0', BASE + (ONSET - 1) * MIN, [migration, sibling]);
  const diffs = {
    [migration.sha]: '+ALTER TABLE invoices ADD COLUMN customer_ref VARCHAR(64), ALGORITHM=COPY, LOCK=SHARED;\n',
    [sibling.sha]: '+\tfooter := renderFooter(receipt)\n',
  };
  const poolAfter = samples('db_pool_connections_in_use', { service: 'billing' }, (m) => (m >= ONSET + 2 ? 40 : 8 + (m % 5)));

  it('keeps the change category when the pool pins only after the errors begin', () => {
    const { verdict } = analyze(
      bundleOf({ signatures: [lockSig, poolSig(ONSET + 2)], errorRates: [errorRate('billing', BASE, 120, ONSET)], deployments: [release], diffs, series: [poolAfter] }),
    );
    expect(verdict.best.suspect?.sha).toBe(migration.sha);
    expect(verdict.best.category).toBe('code_regression');
  });

  it('calls it resource exhaustion when the pool usage climbed before the onset (old behaviour kept)', () => {
    const climbing = samples('db_pool_connections_in_use', { service: 'billing' }, (m) => (m < 50 ? 8 + (m % 3) : Math.min(40, 8 + (m - 50) * 1.5)));
    const { findings, verdict } = analyze(
      bundleOf({ signatures: [lockSig, poolSig(ONSET)], errorRates: [errorRate('billing', BASE, 120, ONSET)], deployments: [release], diffs, series: [climbing] }),
    );
    expect(conditions(findings, 'saturation')[0]?.leads).toBe(true);
    expect(verdict.best.suspect?.sha).toBe(migration.sha);
    expect(verdict.best.category).toBe('resource_exhaustion');
  });

  it('calls it resource exhaustion when the blamed diff lowers that limit (old behaviour kept)', () => {
    const limit = commit('d1', 'Trim db pool settings for the smaller cluster', BASE + (ONSET - 3) * MIN, ['billing/config/db.yaml']);
    const { verdict } = analyze(
      bundleOf({
        signatures: [poolSig(ONSET)],
        errorRates: [errorRate('billing', BASE, 120, ONSET)],
        deployments: [deployment('v11.8.0', BASE + (ONSET - 3) * MIN, [limit])],
        diffs: { [limit.sha]: ' db:\n-  pool_size: 40\n+  pool_size: 8\n' },
        series: [poolAfter],
      }),
    );
    expect(verdict.best.suspect?.sha).toBe(limit.sha);
    expect(verdict.best.category).toBe('resource_exhaustion');
  });
});

describe('an unresolvable or unreachable host is blamed on a commit only when its diff touches that host', () => {
  const reserve = commit('e1', 'Reserve stock with idempotency keys', BASE + (ONSET - 9) * MIN, ['router/stock/reserve.go']);
  const nxdomain = signature({
    template: 'reserve stock for order <*> with idempotency key <*> failed: dial tcp: lookup stock-svc.shop.svc.cluster.local: no such host',
    service: 'order-router',
    base: BASE,
    minutes: span(ONSET, 120, 10),
  });
  const base = { signatures: [nxdomain], errorRates: [errorRate('order-router', BASE, 120, ONSET)] };

  it('names the dependency, not a commit that only shares words with the errors', () => {
    const { verdict } = analyze(
      bundleOf({ ...base, deployments: [deployment('v2.8.0', BASE + (ONSET - 9) * MIN, [reserve])], diffs: { [reserve.sha]: '+// reserveStock reserves stock for an order with an idempotency key.\n+func reserveStock(order Order, idempotencyKey string) error {\n+\treturn stock.Reserve(order.ID, idempotencyKey)\n' } }),
    );
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('dependency_failure');
    expect(verdict.best.service).toBe('stock-svc');
    expect(verdict.ruledOut.some((r) => r.what.includes('e1'))).toBe(true);
  });

  it('blames the commit whose diff changed that host', () => {
    const moved = commit('e2', 'Reserve stock through the new stock endpoint', BASE + (ONSET - 9) * MIN, ['router/config/upstreams.yaml']);
    const { verdict } = analyze(
      bundleOf({
        ...base,
        deployments: [deployment('v2.8.0', BASE + (ONSET - 9) * MIN, [moved])],
        diffs: { [moved.sha]: '-stock_url: http://stock.shop.svc.cluster.local:8080\n+stock_url: http://stock-svc.shop.svc.cluster.local:8080\n' },
      }),
    );
    expect(verdict.best.suspect?.sha).toBe(moved.sha);
  });

  it('still blames on word overlap when the errors are not about reaching a host (old behaviour kept)', () => {
    const parse = commit('e3', 'Accept amounts as decimal strings', BASE + (ONSET - 5) * MIN, ['wallet/transfer/amount.go']);
    const { verdict } = analyze(
      bundleOf({
        signatures: [signature({ template: 'transfer failed: strconv.ParseInt: parsing <*>: invalid syntax in amount', service: 'wallet', base: BASE, minutes: span(ONSET, 120, 10) })],
        errorRates: [errorRate('wallet', BASE, 120, ONSET)],
        deployments: [deployment('v2.41.0', BASE + (ONSET - 5) * MIN, [parse])],
        diffs: { [parse.sha]: '-\tamount, err := strconv.ParseInt(req.Amount, 10, 64)\n+\tamount, err := parseDecimalAmount(req.Amount)\n' },
      }),
    );
    expect(verdict.best.suspect?.sha).toBe(parse.sha);
  });
});

describe('consumer and broker failures', () => {
  const brokerDown = signature({
    template: 'Connection to node <*> (events-kafka-2.events-kafka.data.svc.cluster.local/10.0.3.7:9092) could not be established. Broker may not be available.',
    service: 'events-sink',
    base: BASE,
    minutes: span(60, 120, 12),
    level: 'warn',
  });
  const coordinator = signature({ template: 'Offset commit failed on partition clickstream-<*>: The coordinator is not available.', service: 'events-sink', base: BASE, minutes: span(61, 120, 4) });

  it('ignores an error-rate change point over a trickle of requests when the logs show an earlier one', () => {
    const { context, verdict } = analyze(
      bundleOf({
        signatures: [brokerDown, coordinator],
        errorRates: [errorRate('events-sink', BASE, 120, 95, 0, 0.06)],
        counters: [counter('http_requests_total', { code: '200', service: 'events-sink' }, () => 0.2)],
      }),
    );
    expect(context.onset).toBe(BASE + 60 * MIN);
    expect(verdict.best.category).toBe('dependency_failure');
    expect(verdict.best.service).toBe('events-kafka');
  });

  it('keeps the error-rate change point when the traffic is real and it comes first (old behaviour kept)', () => {
    const late = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET + 6, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [late],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + ONSET * MIN);
  });

  it('takes the earlier log change point when the error volume is real', () => {
    const early = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET - 25, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [early],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + (ONSET - 25) * MIN);
  });

  it('does not move the onset to an earlier burst of errors that died away', () => {
    const burst = signature({ template: 'nightly export failed: <*>', service: 'exporter', base: BASE, minutes: span(30, 33, 12) });
    const late = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [burst, late],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + ONSET * MIN);
  });

  it('takes a scrape target going down as evidence naming its job', () => {
    const vague = signature({ template: 'consumer disconnected, no leader for partition clickstream-<*>', service: 'events-sink', base: BASE, minutes: span(ONSET, 120, 6) });
    const up = samples('up', { job: 'events-broker', instance: 'events-broker-1:9308' }, (m) => (m >= ONSET - 1 ? 0 : 1));
    const { findings, verdict } = analyze(bundleOf({ signatures: [vague], series: [up] }));
    const dep = conditions(findings, 'dependency')[0];
    expect(dep?.service).toBe('events-broker');
    expect(dep?.evidence.some((e) => e.quote.includes('events-broker'))).toBe(true);
    expect(verdict.best.category).toBe('dependency_failure');
  });

  it('recognises generic failure phrasings', () => {
    for (const t of ['Connection to node 1 could not be established', 'The coordinator is not available', 'consumer disconnected', 'no leader for partition', 'no brokers available']) expect(UPSTREAM_FAILURE.test(t), t).toBe(true);
    expect(UPSTREAM_FAILURE.test('order accepted and queued')).toBe(false);
  });

  it('normalises Kubernetes DNS names and StatefulSet ordinals', () => {
    const none = new Set<string>();
    expect(canonicalEntity('events-kafka-2.events-kafka.data.svc.cluster.local', none)).toBe('events-kafka');
    expect(canonicalEntity('stock-svc.shop.svc.cluster.local:8080', none)).toBe('stock-svc');
    expect(canonicalEntity('stock-svc.shop.svc', none)).toBe('stock-svc');
    expect(canonicalEntity('kafka-1', none, new Set(['kafka']))).toBe('kafka');
    expect(canonicalEntity('kafka-1', none)).toBe('kafka-1');
    expect(canonicalEntity('api.stripe.com', none)).toBe('api.stripe.com');
    expect(canonicalEntity('carrier-api.internal', none)).toBe('carrier-api');
  });
});
