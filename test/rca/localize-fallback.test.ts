// A ranking is never empty when the sources found anything anomalous: with no service's signals scoring against their
// own baseline, the localizer falls back to the services of the metrics source's anomalies and the onset's new errors.
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/evidence.js';
import { mostAnomalous } from '../../src/rca/localize/fallback.js';
import { analyze, BASE, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { handBundle, signature } from './helpers.js';

/** The metrics server's own anomaly on a series of `service`, at minute `at`, with its score. */
function anomaly(service: string, metric: string, at: number, score: number): Anomaly {
  const labels = { service, pod: `${service}-7d9f8c6b5-x2k4p` };
  return { series: `${metric}{service="${service}"}`, metric, labels, time: new Date(BASE + at * MIN).toISOString(), before: 0.02, after: 0.4, relative_change: 19, direction: 'up', score, kind: 'gauge' };
}
/** CPU that never moves: the services are measured, and nothing of theirs departs from its baseline. */
const flat = (service: string) => samples('pod_cpu_usage_percent', { service, pod: `${service}-7d9f8c6b5-x2k4p` }, () => 12);
const window = { from: BASE, to: BASE + 120 * MIN };
const text = 'shop: checkout slow since about 11:20 UTC';

describe('the localizer\'s fallback to the most anomalous services', () => {
  it('ranks the services of the anomalies at the onset, strongest first, each citing its anomaly', () => {
    const b = handBundle(text, window, {
      series: ['inventory', 'payments', 'search'].map(flat),
      anomalies: [anomaly('payments', 'queue_wait_seconds', ONSET + 1, 2), anomaly('inventory', 'queue_wait_seconds', ONSET, 6), anomaly('search', 'queue_wait_seconds', ONSET - 40, 9)],
    });
    const { findings, verdict } = analyze(b);
    const places = conditions(findings, 'anomaly').filter((f) => f.analyzer === 'localize');
    expect(places.map((f) => f.service)).toEqual(['inventory', 'payments']);
    expect(places.every((f) => f.confidence < 0.3 && f.evidence.length === 1)).toBe(true);
    // The report's ranking is not empty: the lead is offered, with its anomaly, below the confidence a cause needs.
    const ranked = [verdict.best, ...verdict.others].map((h) => h.service);
    expect(ranked).toContain('inventory');
    expect(places[0]!.summary).toContain('queue_wait_seconds');
  });

  it('takes the service of a new error signature when no metric says anything', () => {
    const sig = signature({ template: 'reserve stock: lock wait timeout', service: 'inventory', base: BASE, minutes: [[ONSET, 9], [ONSET + 1, 12]] });
    const related = [{ sig, service: 'inventory', pre: 0, post: 21, isNew: true, weight: 1 }];
    const b = handBundle(text, window, { signatures: [sig] });
    const places = mostAnomalous(b, related, BASE + ONSET * MIN, new Set(['inventory']), 5);
    expect(places.map((c) => c.service)).toEqual(['inventory']);
    expect(places[0]!.signals[0]!.what).toContain('lock wait timeout');
  });

  it('near miss: only an anomaly long before the onset, or none at all, gives no place', () => {
    const old = handBundle(text, window, { series: ['inventory', 'search'].map(flat), anomalies: [anomaly('search', 'queue_wait_seconds', ONSET - 40, 9)] });
    expect(mostAnomalous(old, [], BASE + ONSET * MIN, new Set(['search']), 5)).toEqual([]);
    const quiet = handBundle(text, window, { series: ['inventory', 'search'].map(flat) });
    expect(conditions(analyze(quiet).findings, 'anomaly').filter((f) => f.analyzer === 'localize')).toEqual([]);
  });
});
