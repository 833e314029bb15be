// Near misses of held-statements (a database holding its clients' connections): a pool run out is in the data, but
// the connections are held by the client itself (a leaked transaction) or the database's statements rose only later.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, ONSET, samples } from './general-rules-kit.js';
import { signature, span } from './helpers.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor } from './rank-findings.js';

const poolTimeouts = (from: number) => [
  signature({
    template: 'o.h.engine.jdbc.spi.SqlExceptionHelper : HikariPool-1 - Connection is not available, request timed out after 30000ms.',
    service: 'payments-api',
    base: BASE,
    minutes: span(from, 120, 9),
  }),
];
const backends = (state: string, f: (m: number) => number) => samples('pg_stat_activity_count', { pod: 'ledger-db-0', datname: 'ledger', state }, f);
const pool = [
  samples('hikaricp_connections_active', { pool: 'HikariPool-1', application: 'payments-api' }, (m) => (m >= ONSET ? 20 : 3)),
  samples('hikaricp_connections_max', { pool: 'HikariPool-1', application: 'payments-api' }, () => 20),
];

describe('held-statements near misses', () => {
  it('leaves the client first when its connections sit idle in transaction (a leak) and the active ones stay flat', () => {
    const series = [backends('active', (m) => 2 + (m % 2)), backends('idle in transaction', (m) => (m >= ONSET - 1 ? 20 : 0)), ...pool];
    const { findings, verdict } = analyze(bundleOf({ signatures: poolTimeouts(ONSET), series }));
    expect(conditions(findings, 'statements_held')).toHaveLength(0);
    expect(verdict.best.service).toBe('payments-api');
  });

  it("leaves the client first when the database's statements piled up only minutes after the pool ran out (its retries)", () => {
    const series = [backends('active', (m) => (m >= ONSET + 6 ? 21 : 2)), ...pool];
    const { findings, verdict } = analyze(bundleOf({ signatures: poolTimeouts(ONSET), series }));
    expect(conditions(findings, 'statements_held')).toHaveLength(0);
    expect(verdict.best.service).toBe('payments-api');
  });

  it('names no database when no client waits on a pool (the statements are busy, nobody ran out)', () => {
    const sigs = [signature({ template: 'POST /pay failed: card declined by issuer', service: 'payments-api', base: BASE, minutes: span(ONSET, 120, 9) })];
    const { findings } = analyze(bundleOf({ signatures: sigs, series: [backends('active', (m) => (m >= ONSET - 1 ? 21 : 2))] }));
    expect(conditions(findings, 'statements_held')).toHaveLength(0);
  });
});

describe('rankHeldStatements near miss', () => {
  const ctx = ctxFor('payments-api', ['payments-api', 'ledger-db']);
  const held = condition({ condition: 'statements_held', category: 'resource_exhaustion', service: 'ledger-db', confidence: 0.5, holds: ['payments-api'] });
  const sat = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'payments-api', confidence: 0.9 });

  it("keeps the client's release first: its new statement piling up in the database is that release's doing", () => {
    const c = change('feed1234'.padEnd(40, '0'), 'payments-api: look up ledger entries by customer reference', 8, { relevance: 0.9, matched: ['ledger', 'entries'] });
    expect(rank([held, sat, c], ctx).best.suspect?.sha).toBe(c.change.sha);
  });

  it('puts the database over the pool when no change explains it', () => {
    expect(rank([held, sat], ctx).best.service).toBe('ledger-db');
  });
});
