// A replicated store that failed over minutes before its clients began to fail (Sentinel's switch-master after a node
// drained, an RDS Multi-AZ failover): the failover is the cause (infrastructure, the store), over a release sharing words.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { failedOverSystem, MID_SWITCH, ROLE_CHANGED } from '../../src/rca/analyzers/failover.js';
import { rank } from '../../src/rca/rank.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span, withFlows } from './helpers.js';
import { change, condition, ctxFor } from './rank-findings.js';

// A web app's release 12 min before, whose carts-in-Redis commit shares the errors' words.
const release = () => {
  const c = commit('705b23e9a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6', 'Keep carts in Redis with the cache (one connection pool)', BASE + (ONSET - 12) * MIN, ['app/models/cart.rb']);
  return {
    deployments: [deployment('shop-web/v5.21.0', BASE + (ONSET - 12) * MIN, [c])],
    diffs: { [c.sha]: '--- a/app/models/cart.rb\n+++ b/app/models/cart.rb\n-  REDIS = Redis.new(db: 1)\n+  REDIS = Rails.cache.redis # one connection pool for carts and cache, write cart lines\n' },
  };
};
const readonly = () => [
  signature({
    template: "RedisClient::ReadOnlyError (READONLY You can't write against a read only replica.): write cart line",
    service: 'shop-web',
    base: BASE,
    minutes: span(ONSET, 120, 6),
  }),
];

/** The bundle with request_flows' announcements (times in minutes from BASE). */
function withAnnouncements(b: EvidenceBundle, list: Array<{ m: number; service: string; text: string; objects?: string[] }>): EvidenceBundle {
  const announcements: NonNullable<RequestFlows['announcements']> = list.map((a) => ({ time: BASE + a.m * MIN, service: a.service, kind: 'failover', text: a.text, ...(a.objects ? { objects: a.objects } : {}) }));
  withFlows(b, { announcements });
  return b;
}

const sentinel = [
  { m: ONSET - 2, service: 'kured', text: 'Draining node ip-10-3-2-41.eu-west-1.compute.internal', objects: ['ip-10-3-2-41.eu-west-1.compute.internal'] },
  {
    m: ONSET,
    service: 'redis-sentinel',
    text: '+switch-master mymaster redis-0.redis-headless.shop.svc.cluster.local 6379 redis-1.redis-headless.shop.svc.cluster.local 6379',
    objects: ['redis-0.redis-headless.shop.svc.cluster.local', 'redis-1.redis-headless.shop.svc.cluster.local'],
  },
];

describe('a Sentinel failover after a node reboot, clients left writing to the old primary (now a replica)', () => {
  it('names the failover of redis (infrastructure, no change) and rules out the release that shares the words', () => {
    const b = withAnnouncements(bundleOf({ signatures: readonly(), ...release() }), sentinel);
    const { findings, verdict } = analyze(b);
    expect(conditions(findings, 'failover')).toHaveLength(1);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.service).toBe('redis');
    expect(verdict.best.summary).toContain('Draining node');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('shop-web/v5.21.0');
    // A failover is no runtime change a service made.
    expect(findings.some((f) => f.kind === 'runtime_change')).toBe(false);
  });

  it('finds no failover when the store kept its primary (only a node drained elsewhere)', () => {
    const b = withAnnouncements(bundleOf({ signatures: readonly(), ...release() }), [sentinel[0]!]);
    expect(conditions(analyze(b).findings, 'failover')).toHaveLength(0);
  });

  it('finds no failover long before the onset (an earlier maintenance the clients rode out)', () => {
    const b = withAnnouncements(bundleOf({ signatures: readonly(), ...release() }), sentinel.map((a) => ({ ...a, m: a.m - 40 })));
    expect(conditions(analyze(b).findings, 'failover')).toHaveLength(0);
  });
});

describe('an RDS Multi-AZ failover leaving a connection pool on dead sockets', () => {
  const pool = () => [
    signature({
      template: 'HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=<*>)',
      service: 'payments-api',
      base: BASE,
      minutes: span(ONSET, 120, 8),
    }),
  ];
  // EventBridge's RDS event as the logs server tells it (servers/logs/failover-lines.ts: its message and source).
  const rds = 'Multi-AZ instance failover started. (payments-db)';
  it('names the database that failed over, with its connections falling to 0, over the pool at its limit', () => {
    const series = [
      samples('aws_rds_database_connections_average', { dimension_DBInstanceIdentifier: 'payments-db' }, (m) => (m >= ONSET - 1 ? 0 : 24)),
      samples('hikaricp_connections_active', { pool: 'HikariPool-1', application: 'payments-api' }, (m) => (m >= ONSET ? 20 : 6)),
      samples('hikaricp_connections_max', { pool: 'HikariPool-1', application: 'payments-api' }, () => 20),
    ];
    const b = withAnnouncements(bundleOf({ signatures: pool(), series }), [{ m: ONSET - 1, service: 'rds-events', text: rds, objects: ['payments-db'] }]);
    const { findings, verdict } = analyze(b);
    const [k] = conditions(findings, 'failover');
    expect(k?.summary).toContain('Multi-AZ instance failover started.');
    expect(k?.summary).toContain('aws_rds_database_connections_average');
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.service).toBe('payments-db');
  });
});

describe('failedOverSystem', () => {
  it('names the replica set of a StatefulSet member, an internal host by its first label, an identifier whole', () => {
    expect(failedOverSystem('redis-0.redis-headless.shop.svc.cluster.local')).toBe('redis');
    expect(failedOverSystem('pg-main-1:5432')).toBe('pg-main');
    expect(failedOverSystem('payments-db')).toBe('payments-db');
    expect(failedOverSystem('10.0.2.7')).toBe('10.0.2.7');
  });
});

describe('ROLE_CHANGED', () => {
  it("reads the stores' words for a peer that is no longer the primary", () => {
    for (const t of [
      "READONLY You can't write against a read only replica.",
      'Command failed with error 10107 (NotWritablePrimary): not primary',
      'ERROR 1290 (HY000): The MySQL server is running with the --read-only option so it cannot execute this statement',
      'ERROR: cannot execute INSERT in a read-only transaction',
      'The server is currently in read only mode',
    ])
      expect(ROLE_CHANGED.test(t), t).toBe(true);
  });
  it('leaves a read-only file system alone', () => {
    expect(ROLE_CHANGED.test('open /data/x: read-only file system')).toBe(false);
  });
});

describe('rankFailover', () => {
  const ctx = ctxFor('shop-web', ['shop-web', 'redis']);
  const moved = condition({ condition: 'failover', category: 'infrastructure', service: 'redis', confidence: 0.7, names: ['redis'] });
  it('keeps a release first that changed how the clients find the primary (Sentinel)', () => {
    const c = change('aa11bb22cc33dd44', 'Connect to Redis through Sentinel instead of the master host', 10, { relevance: 0.9, matched: ['redis', 'sentinel'] });
    expect(rank([moved, c], ctx).best.suspect?.sha).toBe(c.change.sha);
  });
  it('ranks a release that only shares the words below the failover', () => {
    const c = change('aa11bb22cc33dd44', 'Keep carts in Redis with the cache', 10, { relevance: 0.9, matched: ['cart', 'connection'] });
    const v = rank([moved, c], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.service).toBe('redis');
  });
});

describe("a store's own log naming no host (Patroni promoting a replica)", () => {
  it('names the store the line came from', () => {
    const sigs = [signature({ template: 'ERROR: cannot execute UPDATE in a read-only transaction (SQLSTATE 25006)', service: 'orders-api', base: BASE, minutes: span(ONSET, 120, 5) })];
    const b = withAnnouncements(bundleOf({ signatures: sigs }), [{ m: ONSET - 1, service: 'orders-db-1', text: 'promoted self to leader by acquiring session lock' }]);
    const { verdict } = analyze(b);
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.service).toBe('orders-db');
  });
});

describe('a promoted replica whose clients reconnect through the switch (no store named, no series falling)', () => {
  // orders-api's release 9 min before touched its database code: its words meet the errors'.
  const ordersRelease = () => {
    const c = commit('9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3', 'orders: retry database connection on startup', BASE + (ONSET - 9) * MIN, ['orders/db/connection.py']);
    return {
      deployments: [deployment('orders-api/v3.4.0', BASE + (ONSET - 9) * MIN, [c])],
      diffs: { [c.sha]: '--- a/orders/db/connection.py\n+++ b/orders/db/connection.py\n+    for attempt in range(5):  # retry the database connection\n' },
    };
  };
  // psycopg2 relays the server's FATAL with no host: the promoted replica still replaying, the old primary stepping down.
  const midSwitch = () => [
    signature({ template: 'psycopg2.OperationalError: connection failed: FATAL:  the database system is in recovery mode', service: 'orders-api', base: BASE, minutes: span(ONSET, 100, 6) }),
    signature({ template: 'psycopg2.OperationalError: terminating connection due to administrator command', service: 'orders-api', base: BASE, minutes: span(ONSET, 95, 3) }),
  ];
  const patroni = { m: ONSET - 1, service: 'orders-postgresql-1', text: 'INFO: promoted self to leader by acquiring session lock' };

  it('names the failover of the store the promotion came from, over the release sharing the words', () => {
    const { findings, verdict } = analyze(withAnnouncements(bundleOf({ signatures: midSwitch(), ...ordersRelease() }), [patroni]));
    expect(conditions(findings, 'failover')[0]?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.service).toBe('orders-postgresql');
  });

  it('finds no failover from the same errors when nothing announced one (a crash recovery, the release first)', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: midSwitch(), ...ordersRelease() }));
    expect(conditions(findings, 'failover')).toHaveLength(0);
    expect(verdict.best.suspect?.sha).toBe('9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3');
  });
});

describe('MID_SWITCH', () => {
  it("reads the stores' words for a peer in the middle of a switch", () => {
    for (const t of [
      'FATAL:  the database system is in recovery mode',
      'FATAL:  the database system is starting up',
      'ERROR:  recovery is in progress',
      'FATAL:  terminating connection due to administrator command',
      'MongoServerError: operation was interrupted because of a replica set state change (InterruptedDueToReplStateChange)',
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
      'LOADING Redis is loading the dataset in memory',
    ])
      expect(MID_SWITCH.test(t), t).toBe(true);
  });
  it('leaves a database recovering a table or a primary key alone', () => {
    expect(MID_SWITCH.test('recovering table orders from backup')).toBe(false);
    expect(MID_SWITCH.test('duplicate key value violates unique constraint "orders_pkey" (primary key)')).toBe(false);
  });
});
