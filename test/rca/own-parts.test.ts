// A label on a service's own series names a part of that service (its JDBC pool, a heap area, an executor), not
// another system: an error naming it is the service's own trouble, while a peer label still names a dependency.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, ONSET, samples } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';

const pending = (labels: Record<string, string>) => samples('hikaricp_connections_pending', labels, (m) => (m >= ONSET ? 38 : 0));

describe('names of a service\'s own parts', () => {
  it('does not blame a connection pool that the failing service\'s own series label', () => {
    const pool = signature({ template: 'HikariPool-1 - Connection is not available, request timed out after <*>.', service: 'catalog', base: BASE, minutes: span(ONSET, 120, 9) });
    const { findings, verdict } = analyze(
      bundleOf({
        signatures: [pool],
        errorRates: [errorRate('catalog', BASE, 120, ONSET)],
        series: [pending({ application: 'catalog', pool: 'HikariPool-1' })],
      }),
    );
    expect(conditions(findings, 'dependency').map((f) => f.service)).toEqual([]);
    expect(verdict.best.service).toBe('catalog');
  });

  it('still blames the system a peer label names on the same service\'s series', () => {
    const calls = signature({ template: 'pricing-api - call timed out after <*>.', service: 'catalog', base: BASE, minutes: span(ONSET, 120, 9) });
    const latency = samples('http_client_requests_seconds_max', { application: 'catalog', client_name: 'pricing-api' }, (m) => (m >= ONSET ? 30 : 0.05 + 0.001 * (m % 3)));
    const { findings } = analyze(bundleOf({ signatures: [calls], errorRates: [errorRate('catalog', BASE, 120, ONSET)], series: [latency] }));
    expect(conditions(findings, 'dependency').map((f) => f.service)).toEqual(['pricing-api']);
  });
});
