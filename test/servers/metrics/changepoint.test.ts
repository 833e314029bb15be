// The change point detector (PELT over a mean-and-variance cost) and the TCPDBench scoring used by
// bench/tcpd.ts: exactness on small inputs, the protocol's own check value, and the benchmark floor.
import { describe, expect, it } from 'vitest';
import { coverScore, f1Score } from '../../../bench/metrics-tcpd-score.js';
import { meanVarCost } from '../../../servers/metrics/changepoint/costs.js';
import { detectChangePoints, standardise } from '../../../servers/metrics/changepoint/detect.js';
import { pelt } from '../../../servers/metrics/changepoint/pelt.js';

// Deterministic Gaussian noise (mulberry32 + Box-Muller) so every run sees the same series.
function rng(seed: number): () => number {
  let s = seed;
  const u = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** The optimum by exhaustive dynamic programming without pruning, to check PELT's pruning keeps it exact. */
function bruteForce(n: number, cost: (a: number, b: number) => number, penalty: number, minSeg: number): number {
  const best = new Array<number>(n + 1).fill(Infinity);
  best[0] = -penalty;
  for (let t = minSeg; t <= n; t++) {
    for (let s = 0; s <= t - minSeg; s++) {
      if (s !== 0 && s < minSeg) continue;
      best[t] = Math.min(best[t]!, best[s]! + cost(s, t) + penalty);
    }
  }
  return best[n]!;
}

describe('change point detection', () => {
  it('finds a level shift at its index and nothing in plain noise', () => {
    const g = rng(1);
    const step = Array.from({ length: 300 }, (_, i) => (i < 180 ? 10 : 14) + g());
    expect(detectChangePoints(step)).toEqual([180]);
    const flat = Array.from({ length: 300 }, () => 5 + g());
    expect(detectChangePoints(flat)).toEqual([]);
  });

  it('finds a variance change too (the cost models mean and variance)', () => {
    const g = rng(2);
    const xs = Array.from({ length: 400 }, (_, i) => (i < 200 ? 0.2 : 3) * g());
    const cps = detectChangePoints(xs);
    expect(cps.length).toBe(1);
    expect(Math.abs(cps[0]! - 200)).toBeLessThanOrEqual(5);
  });

  it('PELT returns the same optimum as exhaustive search', () => {
    const g = rng(3);
    const xs = standardise(Array.from({ length: 80 }, (_, i) => (i < 30 ? 0 : i < 55 ? 3 : 1) + g() * (i < 55 ? 1 : 2)));
    const cost = meanVarCost(xs, 0.05);
    const penalty = 3 * Math.log(80);
    const cps = pelt(80, cost, { penalty, minSegment: 3 });
    const bounds = [0, ...cps, 80];
    let total = 0;
    for (let i = 0; i + 1 < bounds.length; i++) total += cost(bounds[i]!, bounds[i + 1]!) + penalty;
    expect(total - penalty).toBeCloseTo(bruteForce(80, cost, penalty, 3), 9);
    expect(cps.length).toBeGreaterThanOrEqual(2);
  });

  it('never returns segments shorter than the minimum, nor changes at 0 or n', () => {
    const xs = [0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 50, 50, 50, 50, 50, 50, 50, 50, 50];
    const cps = detectChangePoints(xs);
    const bounds = [0, ...cps, xs.length];
    for (let i = 0; i + 1 < bounds.length; i++) expect(bounds[i + 1]! - bounds[i]!).toBeGreaterThanOrEqual(5);
    expect(detectChangePoints([1, 2, 3])).toEqual([]);
  });
});

describe('TCPDBench scoring', () => {
  it('matches the protocol check: annotations {1:[],2:[10],3:[50]} and no prediction give F1 0.8', () => {
    expect(f1Score({ '1': [], '2': [10], '3': [50] }, [])).toBeCloseTo(0.8, 12);
  });

  it('matches within the margin once per prediction and scores cover by segment overlap', () => {
    expect(f1Score({ a: [50] }, [54])).toBe(1);
    expect(f1Score({ a: [50] }, [56])).toBeCloseTo(2 * 0.5 * 0.5, 12); // only 0 matches: P = 1/2, R = 1/2
    expect(coverScore({ a: [50] }, [50], 100)).toBe(1);
    expect(coverScore({ a: [50] }, [], 100)).toBeCloseTo(0.5, 12); // each half covers half of the whole
  });
});
