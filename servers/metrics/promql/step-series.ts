// The evaluator's output row, shared by evaluate.ts and the functions it applies (quantile.ts): one series'
// labels and a value per step of the range, and the grouping by label set that aggregations and quantiles share.

/** One output series: its labels and a value per step (present[i] = 0 where it has none). */
export interface StepSeries {
  metric: Record<string, string>;
  values: Float64Array;
  present: Uint8Array;
}

/**
 * Items grouped by the label set `labelsOf` gives each (an aggregation's or histogram_quantile's output series), in
 * first-seen order.
 */
export function groupByLabels<T>(items: Iterable<T>, labelsOf: (item: T) => Record<string, string>): Array<{ metric: Record<string, string>; members: T[] }> {
  const groups = new Map<string, { metric: Record<string, string>; members: T[] }>();
  for (const item of items) {
    const metric = labelsOf(item);
    const key = JSON.stringify(Object.entries(metric).sort());
    const g = groups.get(key) ?? { metric, members: [] };
    g.members.push(item);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** One output series per group, its value at each step from its members (null where it has none). */
export function seriesPerGroup<T>(groups: Array<{ metric: Record<string, string>; members: T[] }>, n: number, valueAt: (members: T[], step: number) => number | null): StepSeries[] {
  return groups.map((g) => {
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = valueAt(g.members, i);
      if (v === null) continue;
      values[i] = v;
      present[i] = 1;
    }
    return { metric: g.metric, values, present };
  });
}
