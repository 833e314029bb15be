// A data store out of room to write (a transaction log full, a disk past the flood-stage watermark): the store is the
// cause, with no commit, and a client's release that merely shares the refused writes' words or timing is ruled out.
// Near misses: a service's own full disk with no store in between, and a store that is silent and unnamed.
import { describe, expect, it } from 'vitest';
import { STORE_FULL } from '../../src/rca/analyzers/store-full.js';
import { linkToStore } from '../../src/rca/store-links.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span } from './helpers.js';

describe("a store's words for being out of room to write", () => {
  it.each([
    ["The transaction log for database 'Billing' is full due to 'LOG_BACKUP'.", true],
    ['flood stage disk watermark [95%] exceeded on [n1][search-2][/data] free: 9.8gb[4.9%], all indices on this node will be marked read-only', true],
    ['index [events-2026.01] blocked by: [TOO_MANY_REQUESTS/12/index read-only / allow delete (api)]; read-only-allow-delete', true],
    ['ERROR:  could not extend file "base/16384/2619": No space left on device', true],
    ['sqlite3.OperationalError: database or disk is full', true],
    ["ERROR 1114 (HY000): The table 'audit_log' is full", true],
    // PostgreSQL out of transaction ids: it stops writes (the count-down before it is only a warning, below).
    ['ERROR:  database is not accepting commands to avoid wraparound data loss in database "orders"', true],
    ['WARNING:  database "orders" must be vacuumed within 9812344 transactions', false],
    // A buffer or a queue that is full is no store out of storage, and a low watermark is only a warning.
    ['audit sink buffer 91% full, flushing early', false],
    ['low disk watermark [85%] exceeded on [n1][search-2], replicas will not be assigned to this node', false],
  ])('%s → %s', (line, full) => {
    expect(STORE_FULL.test(line)).toBe(full);
  });

  it('ties a message to a store by its database, its whole name or its address, never by a part of its name', () => {
    const none = new Map<string, Set<string>>();
    expect(linkToStore("The transaction log for database 'Billing' is full", 'billing-mssql', none)).toBe('database');
    expect(linkToStore('[logstash.outputs.opensearch][main] Encountered a retryable error', 'opensearch', none)).toBe('name');
    expect(linkToStore('billingservice timed out', 'billing-mssql', none)).toBeNull();
    expect(linkToStore('could not write to db-main: No space left on device', 'db-maintenance-worker', none)).toBeNull();
    expect(linkToStore('write orders row failed: could not extend file', 'orders-cleanup', none)).toBeNull();
    expect(linkToStore('pq: could not extend file (host=pg-primary-0.pg.svc:5432)', 'postgres', new Map([['postgres', new Set(['pg-primary-0.pg.svc'])]]))).toBe('address');
    // The address names another known store: the name in the words does not override it.
    expect(linkToStore('orders: write to postgres://orders-archive-db:5432/orders failed', 'orders', none, ['orders', 'orders-archive-db'])).toBeNull();
  });
});

const API = 'billing-api';
const DB = 'billing-mssql';
// billing-api's release 12 minutes before the onset writes one more row in the invoice's transaction: its words
// (transaction, insert, invoice) are the failing writes' words, and it went out just before them.
const release = () => {
  const c = commit('5b1e2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c', 'billing-api: insert the ledger row in the same transaction as the invoice', BASE + (ONSET - 12) * MIN, ['billing-api/src/Invoices/InvoiceStore.cs']);
  return {
    deployments: [deployment('billing-api/v2.4.0', BASE + (ONSET - 12) * MIN, [c])],
    diffs: { [c.sha]: '--- a/billing-api/src/Invoices/InvoiceStore.cs\n+++ b/billing-api/src/Invoices/InvoiceStore.cs\n+        db.Ledger.Add(new LedgerRow(invoice)); // same transaction as the invoice insert\n' },
  };
};
// SQL Server states the error number on one line (the error) and its words on the next (no level: not an error line).
const dbOwn = () => signature({ template: '<*> Error: <*>, Severity: <*>, State: <*>.', service: DB, base: BASE, minutes: [...span(10, ONSET, 0).map(([m]) => [m, m % 15 === 0 ? 1 : 0] as [number, number]), ...span(ONSET, 120, 6)] });
const relayed = () =>
  signature({
    template: "Saving invoice failed Microsoft.Data.SqlClient.SqlException (0x80131904): The transaction log for database 'Billing' is full due to 'LOG_BACKUP'.",
    service: API,
    base: BASE,
    minutes: span(ONSET, 120, 12),
  });

describe("SQL Server's transaction log full, relayed by its client's failing writes", () => {
  it('names the database (no commit) and rules out the release that only shares the writes', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: [dbOwn(), relayed()], ...release() }));
    expect(conditions(findings, 'store_full').map((k) => k.service)).toEqual([DB]);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.service).toBe(DB);
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('billing-api/v2.4.0');
  });

  it('finds no store when no other service logged errors with the writes (the client alone: nothing to name)', () => {
    const { findings } = analyze(bundleOf({ signatures: [relayed()], ...release() }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });

  it("finds no store when the other service's errors are not named by the refusal (a bystander)", () => {
    const bystander = signature({ template: 'push to device <*> rejected: NotRegistered', service: 'notify-worker', base: BASE, minutes: span(ONSET, 120, 6) });
    const { findings } = analyze(bundleOf({ signatures: [relayed(), bystander], ...release() }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });
});

describe('a search cluster past its flood-stage watermark, its indexer retrying refused writes', () => {
  const ES = 'opensearch';
  const indexer = () => {
    const c = commit('7c2e3d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d', 'search-indexer: bulk upserts into products with retry on 429', BASE + (ONSET - 8) * MIN, ['search-indexer/pipeline.conf']);
    return { deployments: [deployment('search-indexer/v1.9.0', BASE + (ONSET - 8) * MIN, [c])], diffs: { [c.sha]: '+output { opensearch { action => "update" doc_as_upsert => true retry_on_conflict => 3 } } # bulk upserts, 429 retried\n' } };
  };
  const flood = () =>
    signature({ template: 'flood stage disk watermark [<*>] exceeded on [<*>] free: <*>], all indices on this node will be marked read-only', service: ES, base: BASE, minutes: span(ONSET, 120, 2), level: 'warn' });
  const retries = () =>
    signature({ template: '[logstash.outputs.opensearch][main][<*>] Encountered a retryable error (will retry with exponential backoff) {:code=>429}', service: 'search-indexer', base: BASE, minutes: span(ONSET + 1, 120, 2) });

  it('names the cluster from its own log, over the indexer release whose words are the errors', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: [flood(), retries()], ...indexer() }));
    expect(conditions(findings, 'store_full').map((k) => k.service)).toEqual([ES]);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.service).toBe(ES);
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('search-indexer/v1.9.0');
  });

  it('finds nothing when the watermark was passed only well after the clients began failing (a consequence)', () => {
    const late = signature({ template: flood().template, service: ES, base: BASE, minutes: span(ONSET + 20, 120, 2), level: 'warn' });
    const { findings } = analyze(bundleOf({ signatures: [late, retries()], ...indexer() }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });

  it("finds nothing when no client's errors name the store (its disk filled, but nobody writes to it here)", () => {
    const other = signature({ template: 'payment provider answered 502 Bad Gateway', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 6) });
    const { findings } = analyze(bundleOf({ signatures: [flood(), other], ...indexer() }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });
});

describe("a service's own disk full, with no store in between", () => {
  it('is no store out of room (resource-saturation reads a full disk)', () => {
    const own = signature({ template: "failed to write upload chunk /var/spool/uploads/<*>: ENOSPC: no space left on device, write", service: 'upload-api', base: BASE, minutes: span(ONSET, 120, 8) });
    const { findings } = analyze(bundleOf({ signatures: [own] }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });
});

describe('a refusal tied to its store by the address it names, not by a word it shares with a bystander', () => {
  // orders-api writes through a DSN to the primary of the pg StatefulSet; orders-cleanup, a CronJob whose name shares
  // "orders" with the client's words, failed at the same time for a reason of its own.
  const refusal = () =>
    signature({
      template: 'write orders row failed: ERROR:  could not extend file "base/16384/2619": No space left on device (host=pg-primary-0.pg.db.svc:5432)',
      service: 'orders-api',
      base: BASE,
      minutes: span(ONSET, 120, 10),
    });
  const bystander = () => signature({ template: 'cleanup job: S3 ListObjectsV2 AccessDenied on bucket order-exports', service: 'orders-cleanup', base: BASE, minutes: span(ONSET, 120, 4) });
  const pgOwn = () => signature({ template: 'LOG:  checkpointer process (PID <*>) was terminated by signal 6: Aborted', service: 'postgres', base: BASE, minutes: span(ONSET, 120, 2) });
  // Its series carry the service `postgres` and the pod the DSN names.
  const pgSeries = () => [samples('pg_stat_database_xact_commit', { service: 'postgres', pod: 'pg-primary-0.pg.db.svc' }, () => 120)];

  it('does not blame the bystander whose name shares a word with the refusal', () => {
    const { findings } = analyze(bundleOf({ signatures: [refusal(), bystander()] }));
    expect(conditions(findings, 'store_full').map((k) => k.service)).not.toContain('orders-cleanup');
  });

  it('names the store whose pod the refusal addresses, though its own name is nowhere in the words', () => {
    const { findings } = analyze(bundleOf({ signatures: [refusal(), bystander(), pgOwn()], series: pgSeries() }));
    expect(conditions(findings, 'store_full').map((k) => k.service)).toEqual(['postgres']);
  });
});

// PostgreSQL out of transaction ids (a stale replication slot held vacuum back for days): it refuses every write, and
// orders-api's release 18 minutes before, which batches its inserts, shares only the writes' words.
describe('PostgreSQL stopping writes to avoid transaction id wraparound', () => {
  const PG = 'orders-db';
  const batching = () => {
    const c = commit('7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d', 'orders-api: insert order events in batches of 500 per transaction', BASE + (ONSET - 18) * MIN, ['orders-api/src/events.ts']);
    return {
      deployments: [deployment('orders-api/v8.1.0', BASE + (ONSET - 18) * MIN, [c])],
      diffs: { [c.sha]: '--- a/orders-api/src/events.ts\n+++ b/orders-api/src/events.ts\n+const INSERT_BATCH = 500; // insert order events per transaction\n' },
    };
  };
  const countdown = () => signature({ template: 'WARNING:  database "orders" must be vacuumed within <*> transactions', service: PG, base: BASE, minutes: span(10, 120, 2) });
  const stop = () => signature({ template: 'ERROR:  database is not accepting commands to avoid wraparound data loss in database "orders"', service: PG, base: BASE, minutes: span(ONSET, 120, 10) });
  const relayedStop = () => signature({ template: 'insert order failed: error: database is not accepting commands to avoid wraparound data loss in database "orders"', service: 'orders-api', base: BASE, minutes: span(ONSET, 120, 10) });

  it('names the database (no commit), says transaction ids, and rules out the release that shares the word insert', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: [countdown(), stop(), relayedStop()], ...batching() }));
    expect(conditions(findings, 'store_full').map((k) => k.service)).toEqual([PG]);
    expect(verdict.best.service).toBe(PG);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.summary).toContain('out of transaction ids');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('orders-api/v8.1.0');
  });

  it('finds no store when the database only counts down and the client fails for its own reason', () => {
    const own = signature({ template: 'insert order failed: validation error: quantity must be positive', service: 'orders-api', base: BASE, minutes: span(ONSET, 120, 10) });
    const { findings } = analyze(bundleOf({ signatures: [countdown(), own], ...batching() }));
    expect(conditions(findings, 'store_full')).toHaveLength(0);
  });
});
