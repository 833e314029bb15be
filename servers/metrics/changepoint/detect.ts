// The change point detector with its one default configuration, shared by get_anomalies and bench/tcpd.ts:
// standardise, PELT over a Gaussian mean-and-variance cost, a BIC-like penalty inflated for autocorrelation,
// a variance floor and a minimum segment length. Chosen on TCPD (see bench/tcpd.ts); one config for every series.

import { meanCost, meanVarCost } from './costs.js';
import { pelt } from './pelt.js';

export interface DetectOptions {
  /** 'meanvar' (default) catches level and spread changes; 'mean' only level shifts. */
  cost?: 'meanvar' | 'mean';
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
  penaltyFactor: 5,
  minSegment: 5,
  varianceFloor: 0.05,
  autocorrelation: true,
};

/** Mean 0 and sample standard deviation 1; a constant series becomes all zeros. */
export function standardise(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n || 1;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const out = new Float64Array(n);
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
  const z = standardise(values);
  const cost = opts.cost === 'mean' ? meanCost(z, diffNoiseVariance(z)) : meanVarCost(z, opts.varianceFloor);
  let penalty = opts.penaltyFactor * Math.log(n);
  const run = (pen: number) => pelt(n, cost, { penalty: pen, minSegment: opts.minSegment }).filter((t) => t > 0 && t < n);
  let cps = run(penalty);
  if (opts.autocorrelation) {
    const r = Math.min(0.95, Math.max(0, residualLag1(z, cps)));
    penalty *= (1 + r) / (1 - r);
    cps = run(penalty);
  }
  return cps;
}

/** Lag-1 autocorrelation of the residuals after removing each segment's mean. */
export function residualLag1(z: ArrayLike<number>, cps: number[]): number {
  const n = z.length;
  const resid = new Float64Array(n);
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
