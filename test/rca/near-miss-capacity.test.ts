// Near misses of the capacity mechanism rules (credits-rank, connection-churn): their trigger is in the data but did
// not cause the incident, which a release that went live at the onset and whose words are the errors' did.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const REL = '5ca1ab1e0d7a1e2b3c4d5e6f708192a3b4c5d6e7';

/** billing's release at the onset renames a column its invoice query still reads: every invoice fails with it. */
const release = () => {
  const file = 'billing/app/models/invoice.rb';
  const c = commit(REL, 'billing: read the invoice total from total_cents (drop the amount column)', BASE + (ONSET - 1) * MIN, [file]);
  return {
    deployments: [deployment('billing-v4.3.0', BASE + (ONSET - 1) * MIN, [c])],
    diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n-    self.amount\n+    self.total_cents # the invoice total\n` },
  };
};
const columnErrors = () => [
  signature({ template: "Mysql2::Error: Unknown column 'invoices.total_cents' in 'field list' (invoice total)", service: 'billing', base: BASE, minutes: span(ONSET, 120, 6) }),
];

describe('credits-rank near misses', () => {
  const DB = (id: string) => ({ dimension_DBInstanceIdentifier: id, name: `arn:aws:rds:us-east-1:111122223333:db:${id}` });
  /** An instance whose balance drains to zero at `spentAt` and whose CPU is then held flat at its baseline. */
  const rds = (id: string, spentAt: number) => [
    samples('aws_rds_cpucredit_balance_average', DB(id), (m) => Math.max(0, 60 * (1 - m / spentAt))),
    samples('aws_rds_cpuutilization_average', DB(id), (m) => (m >= spentAt ? 20 + (m % 2) * 0.1 : 65 + (m % 5))),
  ];

  it('leaves the release first when the errors are no waits: a reporting instance out of credits slows nobody into a column error', () => {
    const b = bundleOf({ signatures: columnErrors(), errorRates: [errorRate('billing', BASE, 120, ONSET)], series: rds('reports-db', ONSET - 1), ...release() });
    const { findings, verdict } = analyze(b);
    // The credits are really spent: the condition stands, only it does not take the incident.
    expect(conditions(findings, 'credits_exhausted')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('leaves the release first when the balance reached zero well after the errors began', () => {
    const timeouts = [
      signature({ template: 'Mysql2::Error::TimeoutError: Timeout waiting for a response from the last query. (invoice total)', service: 'billing', base: BASE, minutes: span(ONSET, 120, 6) }),
      ...columnErrors(),
    ];
    const b = bundleOf({ signatures: timeouts, errorRates: [errorRate('billing', BASE, 120, ONSET)], series: rds('ledger-db', ONSET + 12), ...release() });
    const { findings, verdict } = analyze(b);
    expect(conditions(findings, 'credits_exhausted')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});

describe('connection-churn near misses', () => {
  const LIMIT = 131072;
  const KEEPALIVE_OFF = '2eed0ab95deabe566319f8e74c6b88dcf5045a6d';
  /** geo-lookup turns keep-alive off 20 min before the onset; billing's release at the onset is the one above. */
  const releases = () => {
    const geo = commit(KEEPALIVE_OFF, 'Tidy the tile-cache client after its restarts', BASE + (ONSET - 20) * MIN, ['geo-lookup/internal/tiles/client.go']);
    const own = release();
    return {
      deployments: [deployment('geo-lookup-2.9.0', BASE + (ONSET - 20) * MIN, [geo]), ...own.deployments],
      diffs: { ...own.diffs, [geo.sha]: '--- a/geo-lookup/internal/tiles/client.go\n+++ b/geo-lookup/internal/tiles/client.go\n+\tTransport: &http.Transport{DisableKeepAlives: true},\n' },
    };
  };
  const nodes = (fillAt: number) =>
    ['ip-10-4-1-23', 'ip-10-4-3-17'].flatMap((n) => [
      samples('node_nf_conntrack_entries', { instance: n, job: 'node-exporter' }, (m) => (m >= fillAt ? LIMIT : 20_000 + (m % 7) * 100)),
      samples('node_nf_conntrack_entries_limit', { instance: n, job: 'node-exporter' }, () => LIMIT),
    ]);

  it('leaves the release first when the tables filled half an hour after its errors began', () => {
    const b = bundleOf({ signatures: columnErrors(), errorRates: [errorRate('billing', BASE, 120, ONSET)], series: nodes(ONSET + 30), ...releases() });
    expect(analyze(b).verdict.best.suspect?.sha).toBe(REL);
  });

  it('leaves the release first when the tables filled at the onset but no call failed to connect', () => {
    const b = bundleOf({ signatures: columnErrors(), errorRates: [errorRate('billing', BASE, 120, ONSET)], series: nodes(ONSET - 1), ...releases() });
    expect(analyze(b).verdict.best.suspect?.sha).toBe(REL);
  });
});
