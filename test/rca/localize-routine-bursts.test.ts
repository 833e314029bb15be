// A series that made the same burst in separate runs before the onset (a periodic job every 20 minutes) is doing its
// routine after it too; one that never went there before still departs.
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { routineBurst } from '../../src/rca/localize/routine-bursts.js';
import { handBundle, minuteSeries } from './helpers.js';

const MIN = 60_000;
const FROM = Date.parse('2023-03-20T07:12:00Z');
/** 50 minutes of samples; the fault at minute 46. */
const WINDOW = { from: FROM, to: FROM + 50 * MIN };
const ONSET = FROM + 46 * MIN;
/** A database's bytes sent: ~2.5 kB/s, and ~2.5 MB/s for two minutes every 20 minutes (a backup, an export). */
const periodic = (m: number) => (m % 20 === 6 || m % 20 === 7 ? 2_400_000 + 100_000 * (m % 2) : 2_500 + 300 * Math.sin(m));
/** Its neighbour: ~2.5 kB/s, 2.5 MB/s only from the onset on. */
const fresh = (m: number) => (m >= 46 ? 2_500_000 : 2_500 + 300 * Math.sin(m * 1.3));
const points = (f: (m: number) => number) => Array.from({ length: 51 }, (_, m) => [FROM + m * MIN, f(m)] as [number, number]);

describe('routine bursts', () => {
  it('tells a burst the series already made twice from one it never made', () => {
    expect(routineBurst(points(periodic), ONSET, 2_500, 2_450_000)).toBe(true);
    expect(routineBurst(points(fresh), ONSET, 2_500, 2_500_000)).toBe(false);
    // Once before is not yet a routine: it may have been an incident of its own.
    expect(routineBurst(points((m) => (m >= 26 && m < 40 ? 2_500 : periodic(m))), ONSET, 2_500, 2_450_000)).toBe(false);
  });

  it('scores no departure for the periodic series, and one for the fresh one', () => {
    const series = [
      minuteSeries('pod_network_transmit_bytes_per_second', { service: 'mongodb-user', pod: 'mongodb-user-5d8f7b9c6-q2w3e' }, FROM, 50, periodic),
      minuteSeries('pod_network_transmit_bytes_per_second', { service: 'mongodb-rate', pod: 'mongodb-rate-6f7d9c8b4-x2k4p' }, FROM, 50, fresh),
    ];
    const b = handBundle('hotel site: latency up since 07:58 UTC', WINDOW, { series });
    const services = metricSignals(b, ONSET).signals.map((s) => s.service);
    expect(services).toContain('mongodb-rate');
    expect(services).not.toContain('mongodb-user');
  });
});
