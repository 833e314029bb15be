// get_anomalies: change points across all series in a window (counters as rates), ranked by strength,
// from the same detector as bench/tcpd.ts. The first thing to call when it is unclear which metric moved.

import { z } from 'zod';
import type { Anomaly } from '../../../src/core/evidence.js';
import { toIso } from '../../../src/core/time.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { compareAnomalies, seriesAnomalies } from '../anomalies.js';
import { collectSeries } from '../collect.js';
import { alignRange, autoStep, resolveRange, type MetricsContext } from '../context.js';
import { matchersFor } from './match-input.js';

const shape = {
  ...timeRangeShape,
  match: z
    .string()
    .max(500)
    .optional()
    .describe('Only these series: a selector such as {service="checkout"} or a regex on metric names; default all'),
  limit: z.number().int().min(1).max(200).optional().describe('How many anomalies to return, strongest first (default 20)'),
};

export const MAX_ANALYSED_SERIES = 20_000;

export const getAnomalies: ToolDef<typeof shape, MetricsContext> = {
  name: 'get_anomalies',
  title: 'Find metric anomalies',
  description:
    'Finds change points (sudden level shifts) in every series in the window, counters turned into per-second rates first, ' +
    'and ranks them by strength. Each anomaly gives the series, the time of the first sample at the new level, the level before ' +
    'and after, the relative change, the direction and a score. Use it to find which metrics moved at the start of an incident. ' +
    'Default window: the 3 hours before now; narrow with since/until or match.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'lower limit, narrow since/until, or add match',
  async run(args, ctx) {
    const matchers = matchersFor(args.match);
    const raw = await resolveRange(ctx, args.since, args.until, 3 * 3_600_000);
    const step = autoStep(raw, 1440);
    const range = alignRange(raw, step);
    const found: Anomaly[] = [];
    const { series, metrics } = await collectSeries(ctx.source, matchers, range, step, MAX_ANALYSED_SERIES, (batch) => {
      for (const s of batch) found.push(...seriesAnomalies(s));
    });
    if (series === 0) {
      throw new ToolInputError(
        `no series${args.match ? ` matching ${JSON.stringify(args.match)}` : ''} between ${toIso(range.from)} and ${toIso(range.to)}; check the window and the names with list_metrics`,
      );
    }
    const ranked = found.sort(compareAnomalies);
    const limit = args.limit ?? 20;
    return {
      window: { from: toIso(range.from), to: toIso(range.to) },
      step_seconds: step / 1000,
      metrics_scanned: metrics,
      series_scanned: series,
      anomalies_found: ranked.length,
      anomalies: ranked.slice(0, limit),
    };
  },
};
