// The pacer of sampled reads: every planned piece when the pace fits the deadline; otherwise fewer pieces that still
// span the whole window, each weighing for the strata it stands for (estimates unbiased), and a few even past it.
import { describe, expect, it } from 'vitest';
import { readPaced, type Planned } from '../../../servers/logs/piece-pacer.js';

const MB = 1 << 20;
/** One piece from the start of each of n 1 MiB strata, `share` of it, weighing for the whole stratum. */
const planned = (n: number, share: number): Planned[] => Array.from({ length: n }, (_, i) => ({ from: i * MB, to: i * MB + share * MB, weight: 1 / share }));

/** Reads on a fake clock, each piece costing `ms`; returns the pieces read. */
async function run(n: number, share: number, deadline: number | undefined, ms: number, clock = { t: 0 }): Promise<{ pieces: Planned[]; total: number; end: number }> {
  const pieces: Planned[] = [];
  const r = await readPaced(planned(n, share), deadline, async (p) => {
    pieces.push(p);
    clock.t += ms;
  }, () => clock.t);
  // What the pieces stand for adds up to the window: a weight times the bytes read, summed.
  expect(pieces.reduce((a, p) => a + p.weight * (p.to - p.from), 0)).toBeCloseTo(r.windowBytes, 0);
  return { pieces, total: r.windowBytes, end: clock.t };
}

describe('readPaced', () => {
  it('reads every planned piece, at its planned weight, while the pace fits the deadline', async () => {
    const { pieces, total } = await run(100, 0.25, 10_000, 10);
    expect(pieces).toHaveLength(100);
    expect(total / MB).toBeCloseTo(100, 3);
    expect(pieces.every((p) => p.to - p.from === MB / 4 && p.weight === 4)).toBe(true);
  });

  it('thins to fewer strata when the rest would overrun, still spanning the window, and ends in time', async () => {
    const { pieces, total, end } = await run(10_000, 0.1, 20_000, 10); // 100 s of reading in full
    expect(end).toBeLessThanOrEqual(20_000);
    expect(pieces.length).toBeLessThan(2_000);
    expect(total / MB).toBeCloseTo(10_000, 3);
    // Every tenth of the window holds some pieces: the sample was not cut at the deadline.
    for (let tenth = 0; tenth < 10; tenth++) expect(pieces.some((p) => Math.floor(p.from / (1_000 * MB)) === tenth), `tenth ${tenth}`).toBe(true);
    expect(Math.max(...pieces.map((p) => p.weight))).toBeGreaterThan(10);
  });

  it('past the deadline still reads a few dozen pieces spread over the rest, not nothing', async () => {
    const clock = { t: 5_000 };
    const { pieces } = await run(10_000, 0.1, 1_000, 10, clock);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.length).toBeLessThan(100);
    expect(pieces.at(-1)!.from).toBeGreaterThan(9_000 * MB);
  });

  it('reads every planned piece as planned without a deadline', async () => {
    const { pieces } = await run(20, 0.5, undefined, 1_000);
    expect(pieces).toEqual(planned(20, 0.5));
  });
});
