// A burstable RDS instance (db.t3) that spent its CPU credits a minute before its client's queries timed out, while that
// client's release eight minutes before lowered a timeout (its words are the errors'): the instance is the cause.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const DB = { dimension_DBInstanceIdentifier: 'ledger-db', name: 'arn:aws:rds:us-east-1:111122223333:db:ledger-db' };
const REL = 'a1c0ffee5e0d7a1e2b3c4d5e6f708192a3b4c5d6';

/** The client's release: a read timeout cut from 30 to 10 s, whose words (read, timeout) are in every error. */
const release = () => {
  const file = 'billing/config/database.yml';
  const c = commit(REL, 'billing: query timeout 30 s -> 10 s so a slow query fails instead of waiting for a response', BASE + (ONSET - 8) * MIN, [file]);
  return {
    deployments: [deployment('billing-v4.2.0', BASE + (ONSET - 8) * MIN, [c])],
    diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n-  read_timeout: 30\n+  read_timeout: 10 # the last query fails instead of waiting\n-  checkout_timeout: 10\n+  checkout_timeout: 5 # a connection from the pool within 5 seconds\n` },
  };
};
const errors = () => [
  signature({ template: 'Mysql2::Error::TimeoutError: Timeout waiting for a response from the last query. (waited 10 seconds)', service: 'billing', base: BASE, minutes: span(ONSET, 120, 6) }),
  signature({ template: 'ActiveRecord::ConnectionTimeoutError: could not obtain a connection from the pool within 5.000 seconds', service: 'billing', base: BASE, minutes: span(ONSET + 2, 120, 3) }),
];
/** The balance drains at a steady net rate (CPU above the baseline for hours) and is spent at `spentAt`; CPU then holds at 20 %. */
const rds = (spentAt: number | null, start = 60) => [
  samples('aws_rds_cpucredit_balance_average', DB, (m) => (spentAt === null ? start : Math.max(0, start * (1 - m / spentAt)))),
  samples('aws_rds_cpuutilization_average', DB, (m) => (spentAt !== null && m >= spentAt ? 20 + (m % 2) * 0.1 : 65 + (m % 5))),
  samples('aws_rds_cpuutilization_average', { ...DB, dimension_DBInstanceIdentifier: 'reports-db' }, (m) => 15 + (m % 3)),
];
const world = (series: ReturnType<typeof rds>) => bundleOf({ signatures: errors(), errorRates: [errorRate('billing', BASE, 120, ONSET)], series, ...release() });

describe('a burstable instance that spent its credits', () => {
  it('names the instance, held at its baseline, over the release that shares the errors\u2019 words', () => {
    const { findings, verdict } = analyze(world(rds(ONSET - 1)));
    const spent = conditions(findings, 'credits_exhausted');
    expect(spent).toHaveLength(1);
    expect(spent[0]!.service).toBe('ledger-db');
    expect(spent[0]!.summary).toContain('held flat at 20');
    expect(verdict.best.service).toBe('ledger-db');
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.suspect).toBeNull();
  });

  it('finds nothing when the balance never ran out, or was near zero all along', () => {
    expect(conditions(analyze(world(rds(null))).findings, 'credits_exhausted')).toHaveLength(0);
    expect(conditions(analyze(world(rds(ONSET - 1, 0.5).map((s, i) => (i === 0 ? samples(s.metric, s.labels, () => 0.3) : s)))).findings, 'credits_exhausted')).toHaveLength(0);
  });
});
