// Capacity read from log volume: more info lines count as more traffic only where the failing service's own lines
// rose too, under any spelling of its name, not where another source (a database's slow-statement log) got louder.
import { describe, expect, it } from 'vitest';
import type { LogStatsBucket } from '../../src/core/evidence.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { errorRate, iso, signature, span } from './helpers.js';

/** A bucket a minute: `app` lines of the service (as the Python logger names it) and `db` lines of the database. */
function stats(app: (m: number) => number, db: (m: number) => number): LogStatsBucket[] {
  return Array.from({ length: 121 }, (_, m) => ({
    start: iso(BASE + m * MIN),
    total: app(m) + db(m),
    by_level: { info: app(m) + db(m) },
    by_service: { loyalty_api: app(m), 'postgresql-main': db(m) },
  }));
}

const parts = (logStats: LogStatsBucket[]) => ({
  signatures: [signature({ template: 'query canceled: statement timeout', service: 'loyalty-api', base: BASE, minutes: span(ONSET, 120, 6) })],
  errorRates: [errorRate('loyalty-api', BASE, 120, ONSET)],
  logStats,
});

describe('capacity from log lines', () => {
  it('is not a database logging more while the service logs as much as before', () => {
    const { findings } = analyze(bundleOf(parts(stats(() => 30, (m) => (m >= ONSET - 2 ? 30 : 1)))));
    expect(conditions(findings, 'capacity')).toEqual([]);
  });

  it('is the service itself logging many more requests', () => {
    const { findings } = analyze(bundleOf(parts(stats((m) => (m >= ONSET - 2 ? 75 : 30), () => 1))));
    expect(conditions(findings, 'capacity').map((f) => f.service)).toEqual(['loyalty-api']);
  });
});
