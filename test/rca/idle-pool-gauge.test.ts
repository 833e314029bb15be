// A pool's in-use gauge sampled once a minute at low load reads 0 or 1: a run of ones is the pool's idle switching, not
// a ceiling. A limit is a level the gauge climbed to through the levels below it and then stays at.
import { describe, expect, it } from 'vitest';
import { analyze, bundleOf, conditions, ONSET, samples } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';
import { BASE } from './general-rules-kit.js';
import { pinnedPlateau } from '../../src/rca/series.js';

const errors = {
  signatures: [signature({ template: 'GET /quote failed: upstream answered 500', service: 'storefront', base: BASE, minutes: span(ONSET, 120, 6) })],
  errorRates: [errorRate('storefront', BASE, 120, ONSET)],
};
const POOL = { pool: 'HikariPool-1', namespace: 'shop', pod: 'pricing-5f7c9d8b4-k2x8p', service: 'pricing' };
// One request in flight or none at each scrape, fixed so the test does not depend on a random draw.
const IDLE = '0010100100010000101001101000100101000011010010010001011000100100101001001000';
const switching = (m: number) => (m >= ONSET - 4 ? 1 : Number(IDLE[m % IDLE.length]));
// A busy pool moving between 2 and 7 of its 10 connections, then held at all 10 from just before the onset.
const BUSY = [3, 5, 2, 6, 4, 7, 3, 5, 6, 2, 4, 7, 5, 3, 6];
const climbing = (m: number) => (m >= ONSET - 2 ? 10 : BUSY[m % BUSY.length]!);

describe('a pool gauge at its low end', () => {
  it('that only switched between idle and one in use is not pinned when it stays at one', () => {
    const s = samples('hikaricp_connections_active', POOL, switching);
    expect(pinnedPlateau(s.points, BASE + ONSET * 60_000)).toBeNull();
    const { findings } = analyze(bundleOf({ ...errors, series: [s] }));
    // Neither "goes flat at 1 (a limit)" nor "jumped from 0 to 1 and stays near 1".
    expect(conditions(findings, 'saturation').filter((f) => f.service === 'pricing')).toEqual([]);
  });

  it('near miss: a pool that moved between several levels and then stays at its top is pinned at its limit', () => {
    const s = samples('hikaricp_connections_active', POOL, climbing);
    expect(pinnedPlateau(s.points, BASE + ONSET * 60_000)?.value).toBe(10);
    const sat = conditions(analyze(bundleOf({ ...errors, series: [s] })).findings, 'saturation');
    expect(sat.map((f) => f.service)).toContain('pricing');
    expect(sat.find((f) => f.service === 'pricing')!.summary).toContain('goes flat at 10 (a limit)');
  });

  it('that stays flat far below the size its pool publishes is steady, not at its limit', () => {
    // The same busy pool held at 10, but it has 40 connections (hikaricp_connections_max): a quarter of them.
    const max = samples('hikaricp_connections_max', POOL, () => 40);
    const sat = conditions(analyze(bundleOf({ ...errors, series: [samples('hikaricp_connections_active', POOL, climbing), max] })).findings, 'saturation');
    expect(sat.filter((f) => f.service === 'pricing')).toEqual([]);
    // Near miss: held at all 40 of them, it is at its limit.
    const full = samples('hikaricp_connections_active', POOL, (m) => (m >= ONSET - 2 ? 40 : 4 * BUSY[m % BUSY.length]!));
    const atMax = conditions(analyze(bundleOf({ ...errors, series: [full, max] })).findings, 'saturation');
    expect(atMax.map((f) => f.service)).toContain('pricing');
  });

  it('near miss: a gauge that jumps from a steady level to one it never reached before still jumped', () => {
    const threads = samples('executor_active_threads', POOL, (m) => (m >= ONSET ? 40 : 4 + (m % 3)));
    const sat = conditions(analyze(bundleOf({ ...errors, series: [threads] })).findings, 'saturation');
    expect(sat.find((f) => f.service === 'pricing')?.summary).toMatch(/executor_active_threads.*(jumped from|goes flat at)/);
  });
});
