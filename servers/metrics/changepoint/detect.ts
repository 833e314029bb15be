// The change point detector with its one default configuration, shared by get_anomalies and bench/tcpd.ts:
// standardise, binary segmentation over a Gaussian mean-and-variance cost, a BIC-like penalty inflated for
// autocorrelation, a variance floor and a minimum segment length. One config for every series (bench/tcpd.ts).

import { meanCostFrom, meanVarCostFrom, prefixSumsInto } from './costs.js';
import { binarySegmentation } from './binseg.js';
import { pelt } from './pelt.js';
import { Scratch } from '../scratch.js';

// Work arrays shared by every call (one series at a time; nothing here awaits).
const zScratch = new Scratch();
const s1Scratch = new Scratch();
const s2Scratch = new Scratch();
const residScratch = new Scratch();

export interface DetectOptions {
  /** 'meanvar' (default) catches level and spread changes; 'mean' only level shifts. */
  cost?: 'meanvar' | 'mean';
  /**
   * 'binseg' (default: greedy splits, O(n log n); 10,000 series × 480 points in seconds) or 'pelt' (the exact
   * optimum, but O(n²) on series without changes, which is most of them). Both score alike on TCPD.
   */
  search?: 'pelt' | 'binseg';
  /** Penalty per change point = penaltyFactor × ln(n). */
  penaltyFactor?: number;
  /** Shortest segment, in points. */
  minSegment?: number;
  /** Variance floor after standardising (fraction of the whole series' variance). */
  varianceFloor?: number;
  /**
   * Scale the penalty by the AR(1) variance inflation (1+r)/(1-r) of the residuals around the segments:
   * real series are autocorrelated, so n points carry fewer independent observations than n and an
   * i.i.d. cost would split every slow drift.
   */
  autocorrelation?: boolean;
}

export const DEFAULT_DETECT_OPTIONS: Required<DetectOptions> = {
  cost: 'meanvar',
  search: 'binseg',
  penaltyFactor: 5,
  minSegment: 5,
  varianceFloor: 0.05,
  autocorrelation: true,
};

/** Mean 0 and sample standard deviation 1; a constant series becomes all zeros. */
export function standardise(values: ArrayLike<number>): Float64Array {
  return standardiseInto(values, new Float64Array(values.length));
}

function standardiseInto(values: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n || 1;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  for (let i = 0; i < n; i++) out[i] = sd > 0 ? (values[i]! - mean) / sd : 0;
  return out;
}

/** Robust noise variance from first differences (MAD), so level shifts do not inflate it. */
export function diffNoiseVariance(values: ArrayLike<number>): number {
  const d: number[] = [];
  for (let i = 1; i < values.length; i++) d.push(Math.abs(values[i]! - values[i - 1]!));
  if (d.length === 0) return 1;
  d.sort((a, b) => a - b);
  const mad = d[Math.floor(d.length / 2)]!;
  const sigma = mad / 0.6745 / Math.SQRT2;
  return Math.max(sigma * sigma, 1e-6);
}

/** Change point indices (a new segment starts at each), sorted, never 0 or n. */
export function detectChangePoints(values: ArrayLike<number>, options: DetectOptions = {}): number[] {
  const opts = { ...DEFAULT_DETECT_OPTIONS, ...options };
  const n = values.length;
  if (n < 2 * opts.minSegment) return [];
  const z = standardiseInto(values, zScratch.get(n));
  const { s1, s2 } = prefixSumsInto(z, s1Scratch.get(n + 1), s2Scratch.get(n + 1));
  const cost = opts.cost === 'mean' ? meanCostFrom(s1, s2, diffNoiseVariance(z)) : meanVarCostFrom(s1, s2, opts.varianceFloor);
  let penalty = opts.penaltyFactor * Math.log(n);
  const search = opts.search === 'binseg' ? binarySegmentation : pelt;
  const run = (pen: number) => search(n, cost, { penalty: pen, minSegment: opts.minSegment }).filter((t) => t > 0 && t < n);
  let cps = run(penalty);
  // The inflation factor is at least 1, so a series with no change at the plain penalty (most of them)
  // has none at the inflated one either: the second search would give the same empty answer.
  if (opts.autocorrelation && cps.length > 0) {
    const r = Math.min(0.95, Math.max(0, residualLag1(z, cps)));
    penalty *= (1 + r) / (1 - r);
    cps = run(penalty);
  }
  return localiseWith(s1, s2, n, cps, opts.minSegment);
}

/**
 * The variance floor makes the cost flat over a few positions around a clean step (a one-point overlap is
 * within the floor), so the search may stop a point early. Re-place each change where the squared error
 * of its two neighbouring segments is least, keeping the minimum segment length.
 */
export function localise(z: ArrayLike<number>, cps: number[], minSegment: number): number[] {
  const n = z.length;
  const { s1, s2 } = prefixSumsInto(z, new Float64Array(n + 1), new Float64Array(n + 1));
  return localiseWith(s1, s2, n, cps, minSegment);
}

/** localise() over the prefix sums of z and their squares. */
function localiseWith(s1: Float64Array, s2: Float64Array, n: number, cps: number[], minSegment: number): number[] {
  const sse = (a: number, b: number) => s2[b]! - s2[a]! - (s1[b]! - s1[a]!) ** 2 / (b - a);
  const out = [...cps];
  for (let k = 0; k < out.length; k++) {
    const prev = k === 0 ? 0 : out[k - 1]!;
    const next = k + 1 < out.length ? out[k + 1]! : n;
    let best = out[k]!;
    let bestCost = sse(prev, best) + sse(best, next);
    for (let t = Math.max(prev + minSegment, best - minSegment); t <= Math.min(next - minSegment, best + minSegment); t++) {
      const c = sse(prev, t) + sse(t, next);
      if (c < bestCost - 1e-12) {
        bestCost = c;
        best = t;
      }
    }
    out[k] = best;
  }
  return out;
}

/** Lag-1 autocorrelation of the residuals after removing each segment's mean. */
export function residualLag1(z: ArrayLike<number>, cps: number[]): number {
  const n = z.length;
  const resid = residScratch.get(n);
  const bounds = [0, ...cps, n];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    let m = 0;
    for (let j = a; j < b; j++) m += z[j]!;
    m /= b - a;
    for (let j = a; j < b; j++) resid[j] = z[j]! - m;
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += resid[i]! * resid[i]!;
    if (i > 0) num += resid[i]! * resid[i - 1]!;
  }
  return den > 0 ? num / den : 0;
}
