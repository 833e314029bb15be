// Segment costs for the change point search, each O(1) per segment from prefix sums.
// Twice the negative Gaussian log-likelihood (constants dropped), so BIC-style penalties apply directly.

import type { SegmentCost } from './pelt.js';

function prefixSums(values: ArrayLike<number>): { s1: Float64Array; s2: Float64Array } {
  const n = values.length;
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    s1[i + 1] = s1[i]! + v;
    s2[i + 1] = s2[i]! + v * v;
  }
  return { s1, s2 };
}

/**
 * Change in mean and variance. The variance is floored (`varianceFloor`, in the units of the
 * series squared) because flat stretches would otherwise cost minus infinity and attract a split each.
 */
export function meanVarCost(values: ArrayLike<number>, varianceFloor: number): SegmentCost {
  const { s1, s2 } = prefixSums(values);
  return (start, end) => {
    const k = end - start;
    const sum = s1[end]! - s1[start]!;
    const variance = (s2[end]! - s2[start]! - (sum * sum) / k) / k;
    return k * Math.log(Math.max(variance, varianceFloor));
  };
}

/** Change in mean only, with a known noise variance: the residual sum of squares scaled by it. */
export function meanCost(values: ArrayLike<number>, noiseVariance: number): SegmentCost {
  const { s1, s2 } = prefixSums(values);
  return (start, end) => {
    const k = end - start;
    const sum = s1[end]! - s1[start]!;
    return (s2[end]! - s2[start]! - (sum * sum) / k) / noiseVariance;
  };
}
