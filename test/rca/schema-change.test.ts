// The schema changed under running code (an index dropped, a migration applied), as the database or the migration tool
// logged it: classified with the objects it names, tied to the commit whose diff names them, and that commit blamed.
import { describe, expect, it } from 'vitest';
import { announcedKind, schemaObjects } from '../../servers/logs/announcements.js';
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { runtimeChange } from '../../src/rca/analyzers/runtime-change.js';
import { rank } from '../../src/rca/rank.js';
import { commit, deployment, handBundle, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];
type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

describe('a schema change in a log line', () => {
  it.each([
    'CMD: dropIndexes',
    'statement: DROP INDEX CONCURRENTLY idx_orders_customer_created',
    'statement: ALTER TABLE invoices ADD COLUMN tax_code text',
    'MIGRATED UP: 20261103141200-drop-unused-order-indexes.js',
    'Migrating schema "public" to version "42 - drop legacy index"',
    'Running upgrade 3f2a1b -> 9c8d7e, drop unused index',
    'Applying orders.0042_drop_customer_index... OK',
  ])('%j is a schema change', (line) => {
    expect(announcedKind(line)).toBe('schema');
  });

  it.each(['GET /api/indexes 200', 'rebuilt search index in 3.2s', 'migration check: 0 pending, no changes', 'slow query on orders: COLLSCAN'])('%j is not', (line) => {
    expect(announcedKind(line)).not.toBe('schema');
  });

  it('names what changed, from the line and from nested fields', () => {
    expect(schemaObjects('statement: DROP INDEX IF EXISTS idx_orders_customer_created', null)).toContain('idx_orders_customer_created');
    expect(schemaObjects('MIGRATED UP: 20261103141200-drop-unused-order-indexes.js', null)).toContain('20261103141200-drop-unused-order-indexes.js');
    expect(schemaObjects('CMD: dropIndexes', { attr: { namespace: 'shop.orders', indexes: '"customerId_1_createdAt_-1"' } })).toContain('customerId_1_createdAt_-1');
  });
});

const ctx = ctxFor('orders-svc', ['orders-svc', 'storefront-web']);
const MIGRATION = "module.exports = { async up(db) { await db.collection('orders').dropIndex('customerId_1_createdAt_-1'); } };";
const migrationCommit = commit('a1a1a1a1a1a1', 'Drop unused indexes on orders', ONSET - 20 * 3600_000, ['orders-svc/migrations/20261103-drop-indexes.js']);
const otherCommit = commit('b2b2b2b2b2b2', 'Load order history 20 at a time', ONSET - 3 * 3600_000, ['storefront-web/src/orders.tsx']);

function bundleWith(announcements: Announced[], diffs: Record<string, string>): EvidenceBundle {
  const b = handBundle('order history times out', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, {
    deployments: [deployment('orders-svc-v2.14.0', ONSET - 2 * MIN, [migrationCommit]), deployment('storefront-web-3.9.0', ONSET - 9 * MIN, [otherCommit])],
    diffs,
  });
  withFlows(b, { announcements });
  return b;
}
const dropped: Announced = { time: ONSET - 30_000, service: 'mongod', kind: 'schema', text: 'CMD: dropIndexes', objects: ['customerId_1_createdAt_-1'] };

describe('the commit behind a schema change', () => {
  it('is the one whose diff names the dropped index', () => {
    const [f] = runtimeChange.analyze(bundleWith([dropped], { [migrationCommit.sha]: MIGRATION, [otherCommit.sha]: '+ const PAGE = 20;' }), ctx) as RuntimeFinding[];
    expect(f).toMatchObject({ change: 'schema', commit: migrationCommit.sha });
  });

  it('is none when no diff or file names it', () => {
    const [f] = runtimeChange.analyze(bundleWith([dropped], { [otherCommit.sha]: '+ const PAGE = 20;' }), ctx) as RuntimeFinding[];
    expect(f?.commit).toBeUndefined();
  });

  it('is blamed over a release that shares the errors\' words, in its own service', () => {
    const runtime: RuntimeFinding = { kind: 'runtime_change', analyzer: 'runtime-change', service: 'mongod', time: new Date(ONSET - 30_000).toISOString(), change: 'schema', text: 'CMD: dropIndexes', commit: migrationCommit.sha, summary: 'mongod logged a schema change', confidence: 0.65, evidence: [], timeline: [] };
    const migration = change(migrationCommit.sha, 'Drop unused indexes on orders', 2, { relevance: 0.1, matched: [], paths: ['orders-svc/migrations/20261103-drop-indexes.js'] });
    const words = change(otherCommit.sha, 'Load order history 20 at a time', 9, { relevance: 0.7, matched: ['history', 'page'], paths: ['storefront-web/src/orders.tsx'] });
    const v = rank([runtime, migration, words], ctx);
    expect(v.best.suspect?.sha).toBe(migrationCommit.sha);
    expect(v.best.service).toBe('orders-svc');
    expect(v.best.summary).toContain('schema change');
    // Without the tie to a commit, the schema change names nobody and the word match stays the answer.
    expect(rank([{ ...runtime, commit: undefined }, migration, words], ctx).best.suspect?.sha).toBe(otherCommit.sha);
  });
});
