// The evaluator's output row, shared by evaluate.ts and the functions it applies (quantile.ts): one series'
// labels and a value per step of the range.

/** One output series: its labels and a value per step (present[i] = 0 where it has none). */
export interface StepSeries {
  metric: Record<string, string>;
  values: Float64Array;
  present: Uint8Array;
}
