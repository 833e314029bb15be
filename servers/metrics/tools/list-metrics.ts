// list_metrics: the metric names and label sets a source holds, so a model can pick what to query.
// Grouped by name with each label's values, bounded so thousands of series still fit.

import { z } from 'zod';
import { outputBudgetShape, READ_ONLY, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import type { MetricsContext } from '../context.js';
import { isCounter } from '../collect.js';
import { matchersFor } from './match-input.js';

const shape = {
  match: z
    .string()
    .max(500)
    .optional()
    .describe('A selector such as http_requests_total{service="checkout"}, or a regular expression searched in metric names (e.g. "http|latency"); default all'),
  ...outputBudgetShape,
};

export interface MetricListing {
  name: string;
  type: 'counter' | 'gauge';
  series: number;
  labels: Record<string, string[]>;
}

export const listMetrics: ToolDef<typeof shape, MetricsContext> = {
  name: 'list_metrics',
  title: 'List metrics',
  description:
    'Lists the metric names in the metrics source with their type (counter or gauge), number of series and the values ' +
    'of each label. Call this first to learn the names and labels before query_range, get_anomalies or get_error_rates. ' +
    'Narrow with match (a selector or a regex on the name).',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass match to list fewer metrics',
  async run(args, ctx) {
    const matchers = matchersFor(args.match);
    const series = await ctx.source.listSeries(matchers);
    const types = await ctx.source.metricTypes();
    const byName = new Map<string, MetricListing>();
    for (const s of series) {
      const entry = byName.get(s.name) ?? {
        name: s.name,
        type: isCounter(s.name, types) ? 'counter' : 'gauge',
        series: 0,
        labels: {},
      };
      entry.series++;
      for (const [k, v] of Object.entries(s.labels)) {
        const vals = (entry.labels[k] ??= []);
        if (!vals.includes(v)) vals.push(v);
      }
      byName.set(s.name, entry);
    }
    const metrics = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const m of metrics) for (const vals of Object.values(m.labels)) vals.sort();
    if (metrics.length === 0) {
      throw new ToolInputError(
        args.match ? `no series match ${JSON.stringify(args.match)}; call list_metrics without match to see every name` : `${ctx.source.description} holds no series`,
      );
    }
    return { source: ctx.source.description, metrics_total: metrics.length, series_total: series.length, metrics };
  },
};
