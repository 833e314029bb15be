// PELT (Killick et al. 2012): the exact optimal segmentation under a penalised additive cost, pruned to
// near-linear time. Pure: values in, change point indices out (a change at t means a new segment starts at t).

/** Cost of the half-open segment [start, end) of the series the cost function was built for. */
export type SegmentCost = (start: number, end: number) => number;

export interface PeltOptions {
  /** Added once per change point. */
  penalty: number;
  /** No segment shorter than this many points. */
  minSegment: number;
}

/** Returns the sorted start indices of every segment after the first. */
export function pelt(n: number, cost: SegmentCost, opts: PeltOptions): number[] {
  const m = Math.max(1, Math.floor(opts.minSegment));
  if (n < 2 * m) return [];
  const best = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1).fill(-1);
  best[0] = -opts.penalty;
  let candidates: number[] = [0];
  for (let t = m; t <= n; t++) {
    // Candidates become eligible once their segment to t would be long enough.
    let bestValue = Infinity;
    let bestStart = -1;
    const totals: number[] = new Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const s = candidates[i]!;
      if (t - s < m || (s !== 0 && s < m)) {
        totals[i] = NaN;
        continue;
      }
      const v = best[s]! + cost(s, t) + opts.penalty;
      totals[i] = v;
      if (v < bestValue) {
        bestValue = v;
        bestStart = s;
      }
    }
    if (bestStart < 0) continue;
    best[t] = bestValue;
    last[t] = bestStart;
    // Pruning: a start that cannot beat the optimum now never will (costs are superadditive up to the penalty).
    const kept: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const v = totals[i]!;
      if (Number.isNaN(v) || v - opts.penalty <= bestValue) kept.push(candidates[i]!);
    }
    if (t + m <= n || t === n) kept.push(t);
    candidates = kept;
  }
  const out: number[] = [];
  let t = n;
  while (t > 0 && last[t]! > 0) {
    t = last[t]!;
    out.push(t);
  }
  if (last[n]! < 0) return [];
  return out.reverse();
}
