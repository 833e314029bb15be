// query_range: a PromQL range query, answered in Prometheus's own matrix shape. Passed through to a live
// Prometheus; for a file, a selector optionally inside rate(...[5m]), sum/avg/min/max/count by (...) and histogram_quantile.

import { z } from 'zod';
import { toIso } from '../../../src/core/time.js';
import { outputBudgetShape, READ_ONLY, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { parseDuration } from '../../../src/core/time.js';
import { alignRange, autoStep, resolveRange, type MetricsContext } from '../context.js';

const shape = {
  query: z
    .string()
    .min(1)
    .max(2000)
    .describe('PromQL, e.g. sum by (service) (rate(http_requests_total{code=~"5.."}[5m])) or db_pool_connections_in_use{service="checkout"}'),
  start: z.string().optional().describe('Range start: ISO-8601 or relative to end (2h, 30m); default 1h before end'),
  end: z.string().optional().describe('Range end: ISO-8601 or relative to now (10m = ten minutes ago); default now'),
  step: z.string().optional().describe('Resolution such as 15s, 1m, 5m; default chosen for about 250 points'),
  ...outputBudgetShape,
};

export const queryRange: ToolDef<typeof shape, MetricsContext> = {
  name: 'query_range',
  title: 'Range query',
  description:
    'Runs a PromQL range query and returns Prometheus\'s matrix result: {resultType:"matrix", result:[{metric, values:[[unix_seconds,"value"],...]}]}. ' +
    'Use it to look at specific series around an incident once list_metrics, get_anomalies or get_error_rates has pointed at them. ' +
    'Counters need rate(...[5m]). File sources support selectors, rate/increase, sum/avg/min/max/count by (...) and ' +
      'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))). ' +
    'Narrow with a shorter start/end or a larger step when the output is cut.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'use a larger step, a shorter start..end, or a more specific selector',
  async run(args, ctx) {
    let stepMs: number | null = null;
    if (args.step !== undefined) {
      stepMs = parseDuration(args.step) ?? (/^\d+(\.\d+)?$/.test(args.step) ? Number(args.step) * 1000 : null);
      if (stepMs === null || stepMs <= 0) throw new ToolInputError(`step "${args.step}" is not a duration; use e.g. 15s, 1m or 5m`);
    }
    const raw = await resolveRange(ctx, args.start, args.end, 3_600_000);
    const step = stepMs ?? autoStep(raw, 250);
    const range = stepMs === null ? alignRange(raw, step) : raw;
    const data = await ctx.source.queryRange(args.query, range.from, range.to, step);
    if (data.result.length === 0) {
      throw new ToolInputError(
        `no series matched ${args.query} between ${toIso(range.from)} and ${toIso(range.to)}; check the names and labels with list_metrics and the time range`,
      );
    }
    return { ...data, start: toIso(range.from), end: toIso(range.to), step_seconds: step / 1000 };
  },
};
