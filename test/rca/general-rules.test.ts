// The general rules behind the offline ranking, on evidence bundles built by hand: capacity from request
// counters only, pools pinned after the onset as symptoms, unreachable hosts vs word overlap.
import { describe, expect, it } from 'vitest';
import { REQUEST_COUNTER } from '../../src/core/sources/metrics.js';
import { nonSuccess } from '../../src/rca/signals.js';
import { analyze, anomaly, BASE, bundleOf, conditions, counter, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

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

  it('ignores more traffic into a service that took it in its stride (not the one failing, its latency flat)', () => {
    const payment = { namespace: 'shop', pod: 'payment-7fc6f5476f-cr76x', container: 'server' };
    const steps = (latency: (m: number) => number) =>
      analyze(
        bundleOf({
          signatures: [timeouts],
          errorRates: [errorRate('web', BASE, 120, ONSET)],
          anomalies: [anomaly('http_server_requests_total', payment, ONSET - 2, 4, 7)],
          counters: [counter('http_server_requests_total', payment, (m) => (m >= ONSET - 2 ? 7 : 4))],
          series: [samples('http_server_request_duration_seconds_p90', payment, latency)],
        }),
      ).findings;
    expect(conditions(steps(() => 0.05), 'capacity')).toEqual([]);
    // The same step where payment's own latency rose with it is a capacity problem of payment's.
    expect(conditions(steps((m) => (m >= ONSET - 2 ? 0.9 : 0.05 + 0.001 * (m % 3))), 'capacity').map((f) => f.service)).toEqual(['payment']);
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
