// get_error_rates: the share of 5xx responses per service over time, from http_requests_total-style
// counters (found among the usual names, or set by the server options), with baseline and peak for a quick verdict.

import { z } from 'zod';
import { toIso } from '../../../src/core/time.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { alignRange, autoStep, resolveRange, type MetricsContext } from '../context.js';
import { fetchErrorRates } from '../error-rates.js';
import { requestCounter } from '../request-counter.js';

const shape = {
  service: z.string().min(1).max(200).optional().describe('Only this service (the value of the service label: service, service_name, app, ... whichever the counter carries); default all'),
  ...timeRangeShape,
};

export const getErrorRates: ToolDef<typeof shape, MetricsContext> = {
  name: 'get_error_rates',
  title: 'Error rate per service',
  description:
    'Returns, per service, the share of HTTP 5xx responses over time (0..1) computed from the request counter, with the ' +
    'baseline (median share before the peak), the peak and its time; services with the largest rise come first. Use it to ' +
    'see which service is failing and since when. Default window: the 3 hours before now; narrow with service or since/until.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass service or narrow since/until',
  async run(args, ctx) {
    const raw = await resolveRange(ctx, args.since, args.until, 3 * 3_600_000);
    const step = autoStep(raw, 90); // 4 services × 90 points stay under the 16 KB cap
    const range = alignRange(raw, step);
    const counter = await requestCounter(ctx, range);
    const { series, queries } = await fetchErrorRates(ctx.source, { ...counter, service: args.service }, range, step);
    const missing =
      `no ${counter.requestsMetric} series with a ${counter.serviceLabel} label` +
      (args.service ? ` equal to ${JSON.stringify(args.service)}` : '') +
      ` between ${toIso(range.from)} and ${toIso(range.to)}; check list_metrics, the window, or the server options --requests-metric/--status-label/--service-label`;
    // A service asked for by name that is not there is a wrong argument; a system without a request counter at all
    // (per-pod gauges only) is data that holds no error rates, answered as such rather than as a failed call.
    if (series.length === 0 && args.service) throw new ToolInputError(missing);
    return {
      window: { from: toIso(range.from), to: toIso(range.to) },
      step_seconds: step / 1000,
      requests_metric: counter.requestsMetric,
      queries,
      services: series,
      ...(series.length === 0 ? { note: missing } : {}),
    };
  },
};
