// log_stats: entry counts per time bucket, by level and by service, to see when errors start and where.
import { z } from 'zod';
import type { LogStatsResult } from '../../../src/core/evidence.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { readableFiles, scanOptions, type LogsContext } from '../context.js';
import { scanRunner } from '../scan-place.js';
import { planUnits, recordUnits, scanThreads } from '../scan-units.js';
import { runPaced } from '../unit-pacer.js';
import { clockOf } from '../budget-clock.js';
import { finishStats, type StatsPartial, type StatsQuery } from '../stats.js';
import { durationArg, serviceShape, windowOf } from '../tool-args.js';

const shape = {
  ...timeRangeShape,
  bucket: z.string().optional().describe('Bucket size such as 1m, 5m, 1h; default chosen for about 60 buckets'),
  ...serviceShape,
};

export const logStatsTool: ToolDef<typeof shape, LogsContext> = {
  name: 'log_stats',
  title: 'Log statistics',
  description:
    'Counts log entries per time bucket, split by level and by service (top 15, the rest as "(other)"). Use it to see when an error burst starts and which service it comes from, before reading messages. Buckets without entries are omitted.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'use a larger bucket or a shorter since/until window',
  async run(args, ctx, call): Promise<LogStatsResult & { untimed_entries?: number; sampling?: string }> {
    const window = windowOf(args, ctx);
    const bucketMs = args.bucket ? durationArg(args.bucket, 'bucket') : null;
    if (bucketMs !== null && bucketMs < 1000) throw new ToolInputError('bucket must be at least 1s: use e.g. 1m');
    const { files } = await readableFiles(ctx);
    const query: StatsQuery = { window, bucketMs, service: args.service, scan: scanOptions(ctx, call) };
    const scan = scanRunner(files, ctx.options.inlineScanBytes);
    const units = await planUnits(files, [window], query.scan, ctx.options.unitBytes);
    const partials = await runPaced(units, scanThreads(ctx.options.scanThreads), query.scan.deadline, (items) => scan<StatsPartial>({ kind: 'stats', items, query }), clockOf(query.scan.clock));
    recordUnits(partials.flatMap((p) => p.coverage), query.scan.cacheDir);
    const result = finishStats(partials, query);
    const { untimed, ...rest } = result;
    return untimed > 0 ? { ...rest, untimed_entries: untimed } : rest;
  },
};
