// An operation run by hand on a data store (VACUUM FULL, a ClickHouse mutation) shortly before the store refused work:
// the operation is the change (no commit), the store is the service, and a client's release that only reacts to the
// store's refusals (a retry) is ruled out, though it shares the errors' words.
import { describe, expect, it } from 'vitest';
import { announcedKind } from '../../servers/logs/announcements.js';
import { namesStore } from '../../src/rca/analyzers/store-operation.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, signature, span, withFlows } from './helpers.js';

describe('what a data store records of an operation run on it by hand', () => {
  it.each([
    ["(from 10.0.9.14:50122, user: analyst) ALTER TABLE analytics.events DELETE WHERE user_id IN (SELECT user_id FROM gdpr.erasure_requests)", 'operation'],
    ['analytics.events (5e0f2c9a): Added mutation: mutation_48213.txt', 'operation'],
    ["ALTER TABLE analytics.sessions ON CLUSTER main UPDATE country = 'NL' WHERE country = 'nl'", 'operation'],
    ['statement: VACUUM FULL public.orders;', 'operation'],
    ['statement: VACUUM (FULL, VERBOSE) orders;', 'operation'],
    ['statement: REINDEX TABLE CONCURRENTLY public.order_lines;', 'operation'],
    ['OPTIMIZE TABLE analytics.events FINAL', 'operation'],
    // etcd's defragment on demand (etcdctl defrag): the member blocks while bbolt rewrites its file.
    ['starting defragment', 'operation'],
    ['defragmenting', 'operation'],
    ['[default] Manual compaction starting', 'operation'],
    // A schema change stays one; routine autovacuum is no operation anyone ran.
    ['statement: ALTER TABLE orders ADD COLUMN note text;', 'schema'],
    ['automatic vacuum of table "shop.public.orders": index scans: 1', null],
    ['vacuuming the garage this weekend', null],
    // etcd's own periodic compaction is routine; a line that only mentions defragmentation announces none.
    ['finished scheduled compaction', null],
    ['memory defragmentation ratio 1.4', null],
  ])('%s → %s', (line, kind) => {
    expect(announcedKind(line)).toBe(kind);
  });
});

const DB = 'orders-db';
/** The bundle with request_flows' operation announcements (times in minutes from BASE). */
function withOperations(b: EvidenceBundle, list: Array<{ m: number; service: string; text: string }>): EvidenceBundle {
  const announcements: NonNullable<RequestFlows['announcements']> = list.map((a) => ({ time: BASE + a.m * MIN, service: a.service, kind: 'operation', text: a.text }));
  withFlows(b, { announcements });
  return b;
}

// orders-api's release 10 minutes before the onset retries writes that hit a lock timeout: its words are the errors'.
const retryRelease = () => {
  const c = commit('9a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c', 'orders: retry order writes 3 times on lock timeout before failing', BASE + (ONSET - 10) * MIN, ['orders-api/src/db/write.ts']);
  return {
    deployments: [deployment('orders-api/v4.2.0', BASE + (ONSET - 10) * MIN, [c])],
    diffs: { [c.sha]: '--- a/orders-api/src/db/write.ts\n+++ b/orders-api/src/db/write.ts\n-const WRITE_RETRIES = 0;\n+const WRITE_RETRIES = 3; // retry order writes on lock timeout\n' },
  };
};
const refusals = () => [
  signature({ template: 'ERROR:  canceling statement due to lock timeout', service: DB, base: BASE, minutes: span(ONSET, 120, 6) }),
  signature({ template: 'order write failed after 3 retries: orders-db: canceling statement due to lock timeout', service: 'orders-api', base: BASE, minutes: span(ONSET, 120, 5) }),
];
const vacuum = { m: ONSET - 35, service: DB, text: 'LOG:  statement: VACUUM FULL public.orders;' };

describe('VACUUM FULL run by hand on the orders table, then lock timeouts for every writer', () => {
  it('names the operation on orders-db (no commit) and rules out the release that retries the refused writes', () => {
    const { findings, verdict } = analyze(withOperations(bundleOf({ signatures: refusals(), ...retryRelease() }), [vacuum]));
    expect(conditions(findings, 'store_operation')).toHaveLength(1);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.service).toBe(DB);
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.summary).toContain('VACUUM FULL public.orders');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('orders-api/v4.2.0');
  });

  it('names the store that refuses work, not another one operated on earlier in the window', () => {
    const other = { m: ONSET - 50, service: 'reports-db', text: 'LOG:  statement: REINDEX TABLE public.daily_sales;' };
    const { findings, verdict } = analyze(withOperations(bundleOf({ signatures: refusals(), ...retryRelease() }), [other, vacuum]));
    expect(conditions(findings, 'store_operation').map((k) => k.service)).toEqual([DB]);
    expect(verdict.best.summary).toContain('VACUUM FULL public.orders');
  });

  it('finds nothing when the operation ran hours before (a maintenance the store absorbed)', () => {
    const { findings } = analyze(withOperations(bundleOf({ signatures: refusals(), ...retryRelease() }), [{ ...vacuum, m: ONSET - 4 * 60 }]));
    expect(conditions(findings, 'store_operation')).toHaveLength(0);
  });

  it('finds nothing when the errors are not the store refusing work', () => {
    const other = [signature({ template: 'payment provider answered 502 Bad Gateway', service: 'orders-api', base: BASE, minutes: span(ONSET, 120, 6) })];
    const { findings } = analyze(withOperations(bundleOf({ signatures: other, ...retryRelease() }), [vacuum]));
    expect(conditions(findings, 'store_operation')).toHaveLength(0);
  });
});

// etcdctl defrag run by hand on every member in turn: each member blocks while it rewrites its file, and the API
// server's writes time out with etcd's own "etcdserver: request timed out" in the same minute.
describe('etcd defragmented by hand, the API server timing out on it', () => {
  const ETCD = 'etcd';
  const timeouts = () => [
    signature({ template: 'apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe}: etcdserver: request timed out', service: 'kube-apiserver', base: BASE, minutes: span(ONSET, 120, 8) }),
  ];
  const defrag = { m: ONSET + 0.6, service: ETCD, text: 'starting defragment' };

  it('reads etcdserver as naming etcd, not a longer word that starts with it', () => {
    expect(namesStore('etcdserver: request timed out', ETCD)).toBe(true);
    expect(namesStore('etcdservers-2 unreachable', ETCD)).toBe(false);
    expect(namesStore('rpctypes.EtcdError{code:0xe}: etcdserver: request timed out', ETCD)).toBe(true);
    expect(namesStore('clickhousekeeper lost', 'clickhouse')).toBe(false);
  });

  it('names etcd when the defragment starts in the onset minute', () => {
    const { findings, verdict } = analyze(withOperations(bundleOf({ signatures: timeouts() }), [defrag]));
    expect(conditions(findings, 'store_operation').map((k) => k.service)).toEqual([ETCD]);
    expect(verdict.best.service).toBe(ETCD);
    expect(verdict.best.summary).toContain('in the onset minute');
  });

  it('finds nothing when the defragment starts minutes after the onset (a reaction, not the cause)', () => {
    const { findings } = analyze(withOperations(bundleOf({ signatures: timeouts() }), [{ ...defrag, m: ONSET + 3 }]));
    expect(conditions(findings, 'store_operation')).toHaveLength(0);
  });
});
