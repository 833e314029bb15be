// A database holding its clients' connections: a DDL queued behind an open transaction (or a lock held by one) makes
// every statement on the table wait inside the database; the clients' pools run out and say so. The database is named.
import { describe, expect, it } from 'vitest';
import { heldStep } from '../../src/rca/analyzers/held-statements.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { signature, span } from './helpers.js';

/** payments-api's Hikari pool giving up from `from` on (minutes from BASE). */
const poolTimeouts = (from: number) => [
  signature({
    template: 'o.h.engine.jdbc.spi.SqlExceptionHelper : HikariPool-1 - Connection is not available, request timed out after 30000ms.',
    service: 'payments-api',
    base: BASE,
    minutes: span(from, 120, 9),
  }),
];
/** PostgreSQL's backends by state (postgres_exporter), the pool's gauges beside them. */
const pg = (active: (m: number) => number, idleInTx: (m: number) => number = () => 0) => [
  samples('pg_stat_activity_count', { pod: 'ledger-db-0', datname: 'ledger', state: 'active' }, active),
  samples('pg_stat_activity_count', { pod: 'ledger-db-0', datname: 'ledger', state: 'idle in transaction' }, idleInTx),
  samples('pg_stat_activity_count', { pod: 'ledger-db-0', datname: 'ledger', state: 'idle' }, () => 18),
  samples('hikaricp_connections_active', { pool: 'HikariPool-1', application: 'payments-api' }, (m) => (m >= ONSET ? 20 : 3)),
  samples('hikaricp_connections_max', { pool: 'HikariPool-1', application: 'payments-api' }, () => 20),
];

describe('a lock in the database behind a client whose pool ran out', () => {
  it("names the database whose active statements stepped up with the pool's timeouts, over the pool at its limit", () => {
    const b = bundleOf({ signatures: poolTimeouts(ONSET), series: pg((m) => (m >= ONSET - 1 ? 21 : 2 + (m % 2))) });
    const { findings, verdict } = analyze(b);
    const [k] = conditions(findings, 'statements_held');
    expect(k?.service).toBe('ledger-db');
    expect(k?.holds).toEqual(['payments-api']);
    expect(verdict.best.service).toBe('ledger-db');
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.summary).toContain('pg_stat_activity_count');
    // The pool's own reading stays as the next place: it is where the trouble shows.
    expect(verdict.others.map((h) => h.service)).toContain('payments-api');
  });

  it("reads MySQL's threads running the same way", () => {
    const series = [samples('mysql_global_status_threads_running', { service: 'orders-mysql', instance: '10.0.3.7:9104' }, (m) => (m >= ONSET ? 12 : 1))];
    const { verdict } = analyze(bundleOf({ signatures: poolTimeouts(ONSET + 1), series }));
    expect(verdict.best.service).toBe('orders-mysql');
  });
});

describe('heldStep', () => {
  const pts = (f: (m: number) => number) => samples('x', {}, f).points;
  it('is a step that stays, not a busier scrape', () => {
    expect(heldStep(pts((m) => (m >= ONSET ? 12 : 1)), BASE + ONSET * MIN)).toMatchObject({ before: 1, after: 12 });
    expect(heldStep(pts((m) => (m === ONSET ? 12 : 1)), BASE + ONSET * MIN)).toBeNull();
    // Three more than a busy baseline of 10 is no threefold step.
    expect(heldStep(pts((m) => (m >= ONSET ? 14 : 10)), BASE + ONSET * MIN)).toBeNull();
  });
});
