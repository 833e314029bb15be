// A latency that had already stepped to its level before the onset, and moved no further at it, is not read as the
// incident's signal: the service whose latency rose at the onset leads (a booking service slow since 6 minutes before).
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { steppedBeforeOnset } from '../../src/rca/localize/earlier-step.js';
import { robustScore } from '../../src/rca/localize/robust.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;
const pod = (svc: string) => ({ service: svc, pod: `${svc}-66646bdb5b-fw7x9` });
/** A p90 read off histogram buckets: it sits on a bucket's interpolated value and jumps between them. */
const bucketed = (svc: string, f: (m: number) => number) => minuteSeries('pod_server_latency_p90_seconds', pod(svc), BASE, 25, f);

describe('a latency step that predates the onset', () => {
  // booking's p90 moved from the 0.475 s bucket to the 0.95 s one at minute 14 and stayed there through the incident;
  // trips, which booking calls, went from 0.42 s to 0.8 s at the onset (minute 20).
  // After the onset booking's p90 wanders between the two buckets, as a p90 of a few requests a minute does.
  const booking = bucketed('booking', (m) => (m >= 20 ? [0.9, 0.45, 0.9, 0.475, 0.9, 0.9][m - 20]! : m >= 14 ? (m === 18 ? 2.05 : 0.95) : 0.475));
  const trips = bucketed('trips', (m) => (m >= 21 ? (m % 2 ? 0.75 : 0.74) : 0.42 + (m % 3) * 0.01));
  // Most of the system's services answer in tens of milliseconds, as they do in most systems.
  const quiet = ['stations', 'seats', 'prices', 'routes', 'config', 'contacts', 'users', 'auth'].map((svc, i) => bucketed(svc, (m) => 0.02 + i * 0.005 + (m % 2) * 0.002));

  it('is told apart from a rise at the onset', () => {
    const score = robustScore(booking.points, ONSET, 0)!;
    expect(score.z).toBeGreaterThan(3); // against the older baseline it departed...
    expect(steppedBeforeOnset(booking.points, ONSET, score)).toBe(true); // ...but before the incident did
    const t = robustScore(trips.points, ONSET, 0)!;
    expect(steppedBeforeOnset(trips.points, ONSET, t)).toBe(false);
  });

  it('leaves the service whose latency rose at the onset first', () => {
    const b = handBundle('slow bookings since 10:20', { from: BASE, to: BASE + 25 * MIN }, { series: [booking, trips, ...quiet] });
    const ranked = rankServices(metricSignals(b, ONSET));
    expect(ranked[0]?.service).toBe('trips');
    expect(ranked.map((c) => c.service)).not.toContain('booking');
  });

  it('still counts a step before the onset that rose further at it', () => {
    const further = bucketed('booking', (m) => (m >= 20 ? 2.35 : m >= 14 ? 0.95 : 0.475));
    const score = robustScore(further.points, ONSET, 0)!;
    expect(steppedBeforeOnset(further.points, ONSET, score)).toBe(false);
  });
});
