// Near misses of the infrastructure mechanism rules (failover-rank, nat-rank, store-operation-rank): a failover, a cache emptied, NAT
// port errors or an operation on a store are in the data, but a release that went live at the onset caused the errors.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span, withFlows } from './helpers.js';

const REL = 'c0de5eed1a2b3c4d5e6f708192a3b4c5d6e7f809';

/** checkout's release at the onset calls the new fraud-check service on every payment with a 2 s deadline it misses. */
const release = () => {
  const file = 'checkout/internal/pay/fraud.go';
  const c = commit(REL, 'checkout: call fraud-check before each payment (2 s deadline)', BASE + (ONSET - 1) * MIN, [file]);
  return {
    deployments: [deployment('checkout/v8.1.0', BASE + (ONSET - 1) * MIN, [c])],
    diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n+\tctx, cancel := context.WithTimeout(ctx, 2*time.Second) // fraud-check deadline\n+\tverdict, err := fraudCheck.Score(ctx, payment)\n` },
  };
};
const deadline = () => [
  signature({ template: 'POST /pay: fraud-check score: rpc error: code = DeadlineExceeded desc = context deadline exceeded', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 8) }),
];
const world = (extra: Partial<Parameters<typeof bundleOf>[0]> = {}) => bundleOf({ signatures: deadline(), errorRates: [errorRate('checkout', BASE, 120, ONSET)], ...release(), ...extra });

function withAnnouncements(b: EvidenceBundle, list: Array<{ m: number; service: string; kind: 'failover' | 'operation'; text: string; objects?: string[] }>): EvidenceBundle {
  const announcements: NonNullable<RequestFlows['announcements']> = list.map((a) => ({ time: BASE + a.m * MIN, service: a.service, kind: a.kind, text: a.text, ...(a.objects ? { objects: a.objects } : {}) }));
  withFlows(b, { announcements });
  return b;
}

describe('without a trigger', () => {
  it('the release leads (the baseline every near miss below must keep)', () => {
    expect(analyze(world()).verdict.best.suspect?.sha).toBe(REL);
  });
});

describe('failover-rank near misses', () => {
  const sessions = {
    m: ONSET - 6,
    service: 'redis-sentinel',
    kind: 'failover' as const,
    text: '+switch-master sessions sessions-redis-0.sessions-redis.shop.svc.cluster.local 6379 sessions-redis-1.sessions-redis.shop.svc.cluster.local 6379',
    objects: ['sessions-redis-0.sessions-redis.shop.svc.cluster.local', 'sessions-redis-1.sessions-redis.shop.svc.cluster.local'],
  };

  it('leaves the release first when another store failed over and no error names it or says it hit a replica', () => {
    const { verdict } = analyze(withAnnouncements(world(), [sessions]));
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('still names the failover when the clients name the store they lost', () => {
    const lost = [signature({ template: 'GET /session: Redis::CannotConnectError: Error connecting to sessions-redis:6379 (ECONNREFUSED)', service: 'web', base: BASE, minutes: span(ONSET, 120, 9) })];
    const { verdict } = analyze(withAnnouncements(bundleOf({ signatures: lost, ...release() }), [sessions]));
    expect(verdict.best.service).toBe('sessions-redis');
    expect(verdict.best.suspect).toBeNull();
  });
});

describe('nat-rank near misses', () => {
  const ports = (from: number) => [
    samples('aws_natgateway_error_port_allocation_sum', { dimension_NatGatewayId: 'nat-0a1b2c3d4e5f60718' }, (m) => (m >= from ? 300 + (m % 5) * 40 : 0)),
  ];
  const columnErrors = () => [signature({ template: 'pq: column "fraud_score" of relation "payments" does not exist (fraud-check score)', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 8) })];

  it('leaves the release first when the port errors began twenty minutes after its errors', () => {
    const { findings, verdict } = analyze(world({ series: ports(ONSET + 20) }));
    expect(conditions(findings, 'nat_ports')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('leaves the release first when the errors are no failed connections', () => {
    const { verdict } = analyze(world({ signatures: columnErrors(), series: ports(ONSET) }));
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});

describe('store-operation-rank near misses', () => {
  it('leaves the release first when an operation ran on a store its errors do not name', () => {
    const op = { m: ONSET - 30, service: 'reports-db', kind: 'operation' as const, text: 'LOG:  statement: VACUUM FULL public.daily_sales;' };
    const { findings, verdict } = analyze(withAnnouncements(world(), [op]));
    expect(conditions(findings, 'store_operation')).toHaveLength(0);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});

describe("cache-emptied near misses (failover-rank's cache_emptied)", () => {
  /** memcached-2's uptime and items: restarted empty at minute `at` (ONSET-based minutes). */
  const restarted = (at: number) => [
    samples('memcached_uptime_seconds', { instance: 'memcached-2.memcached.shop.svc:9150' }, (m) => (m >= at ? (m - at) * 60 + 15 : 800_000 + m * 60)),
    samples('memcached_current_items', { instance: 'memcached-2.memcached.shop.svc:9150' }, (m) => (m >= at ? (m - at) * 8_000 : 1_400_000)),
  ];
  /** catalog's pool waiting on MySQL once a third of its reads miss the cache: a wait that names no other system. */
  const poolWaits = () => [
    signature({ template: "Error during processing of request: 'HikariPool-1 - Connection is not available, request timed out after 3000ms.'. Completing with 500", service: 'catalog', base: BASE, minutes: span(ONSET, 120, 8) }),
  ];
  /** catalog's release 12 minutes before, its words shared with the errors (products, query). */
  const listing = () => {
    const file = 'catalog/src/main/scala/com/shop/catalog/ListingQueries.scala';
    const c = commit('b5389812aa00bb11cc22dd33ee44ff5566778899', 'catalog: product listing query sorted by popularity (request pool)', BASE + (ONSET - 12) * MIN, [file]);
    return { deployments: [deployment('catalog/v7.3.0', BASE + (ONSET - 12) * MIN, [c])], diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n+// SELECT id FROM products WHERE category_id = ? ORDER BY sales_rank LIMIT 48 (request pool)\n` } };
  };

  it('names the cache that restarted empty at the onset over a release sharing the waits\' words', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: poolWaits(), errorRates: [errorRate('catalog', BASE, 120, ONSET)], series: restarted(ONSET - 1), ...listing() }));
    expect(conditions(findings, 'cache_emptied')).toHaveLength(1);
    expect(verdict.best.service).toBe('memcached');
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('infrastructure');
  });

  it('leaves the release first when a cache member restarted at the onset but the errors wait on another service', () => {
    const { findings, verdict } = analyze(world({ series: restarted(ONSET - 1) }));
    expect(conditions(findings, 'cache_emptied')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('finds no emptied cache when it restarted half an hour before the errors (it had refilled)', () => {
    const { findings } = analyze(bundleOf({ signatures: poolWaits(), series: restarted(ONSET - 30), ...listing() }));
    expect(conditions(findings, 'cache_emptied')).toHaveLength(0);
  });
});
