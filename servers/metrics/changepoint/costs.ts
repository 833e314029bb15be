// Segment costs for the change point search, each O(1) per segment from prefix sums.
// Twice the negative Gaussian log-likelihood (constants dropped), so BIC-style penalties apply directly.

import type { SegmentCost } from './pelt.js';

/** Prefix sums of the values and their squares into s1 and s2 (n + 1 items each). */
export function prefixSumsInto(values: ArrayLike<number>, s1: Float64Array, s2: Float64Array): { s1: Float64Array; s2: Float64Array } {
  const n = values.length;
  s1[0] = 0;
  s2[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    s1[i + 1] = s1[i]! + v;
    s2[i + 1] = s2[i]! + v * v;
  }
  return { s1, s2 };
}

function prefixSums(values: ArrayLike<number>): { s1: Float64Array; s2: Float64Array } {
  return prefixSumsInto(values, new Float64Array(values.length + 1), new Float64Array(values.length + 1));
}

/**
 * Change in mean and variance. The variance is floored (`varianceFloor`, in the units of the
 * series squared) because flat stretches would otherwise cost minus infinity and attract a split each.
 */
export function meanVarCost(values: ArrayLike<number>, varianceFloor: number): SegmentCost {
  const { s1, s2 } = prefixSums(values);
  return meanVarCostFrom(s1, s2, varianceFloor);
}

/** meanVarCost over prefix sums already computed (prefixSumsInto). */
export function meanVarCostFrom(s1: Float64Array, s2: Float64Array, varianceFloor: number): SegmentCost {
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
  return meanCostFrom(s1, s2, noiseVariance);
}

/** meanCost over prefix sums already computed (prefixSumsInto). */
export function meanCostFrom(s1: Float64Array, s2: Float64Array, noiseVariance: number): SegmentCost {
  return (start, end) => {
    const k = end - start;
    const sum = s1[end]! - s1[start]!;
    return (s2[end]! - s2[start]! - (sum * sum) / k) / noiseVariance;
  };
}
