// error_signatures: warn+ entries mined into templates, each with counts, first/last seen, an example,
// per-minute counts and `new` when the baseline window before `since` never showed it.
import { z } from 'zod';
import type { ErrorSignaturesResult } from '../../../src/core/evidence.js';
import { outputBudgetShape, READ_ONLY, timeRangeShape, type ToolDef } from '../../../src/core/tool-kit.js';
import type { TimeWindow } from '../../../src/core/time.js';
import { readableFiles, scanOptions, type LogsContext } from '../context.js';
import { scanRunner } from '../scan-place.js';
import { planUnits, recordUnits, scanThreads } from '../scan-units.js';
import { runPaced } from '../unit-pacer.js';
import { clockOf } from '../budget-clock.js';
import type { SignaturePartial, SignatureQuery } from '../signature-parts.js';
import { finishSignatures } from '../signatures.js';
import { durationArg, levelSchema, serviceShape, windowOf } from '../tool-args.js';

const shape = {
  ...timeRangeShape,
  min_level: levelSchema.optional().describe('Lowest level mined (default warn)'),
  ...serviceShape,
  top: z.number().int().min(1).max(100).optional().describe('Signatures to return (default 20)'),
  baseline: z
    .string()
    .optional()
    .describe('Length of the comparison window just before since (e.g. 1h); default the same length as since..until'),
  ...outputBudgetShape,
};

export const errorSignaturesTool: ToolDef<typeof shape, LogsContext> = {
  name: 'error_signatures',
  title: 'Error signatures',
  description:
    'Groups warning and error log entries into signatures (message templates with numbers, ids, IPs, paths and quoted values masked) so thousands of lines become a short list. Per signature: template, count, level, services, first and last seen, an example with file:line, counts per minute, and new=true when it never occurred in the baseline window before `since`. New signatures come first, then by count. Start an investigation here with since set a little before the incident; then use search_logs on a template\'s words for details.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'lower top, set service, or narrow since/until',
  async run(args, ctx, call): Promise<ErrorSignaturesResult & { sampling?: string }> {
    const window = windowOf(args, ctx);
    let baseline: TimeWindow | null = null;
    if (window.from !== null) {
      const length = args.baseline ? durationArg(args.baseline, 'baseline') : (window.to ?? ctx.now()) - window.from;
      if (length > 0) baseline = { from: window.from - length, to: window.from - 1 };
    }
    const { files } = await readableFiles(ctx);
    const query: SignatureQuery = { window, baseline, minLevel: args.min_level ?? 'warn', service: args.service, top: args.top ?? 20, scan: scanOptions(ctx, call) };
    // In workers, a large indexed file split into units: the cores share the reading, and this thread stays free
    // (small sources are scanned in this thread: scan-place.ts).
    const scan = scanRunner(files, ctx.options.inlineScanBytes);
    const units = await planUnits(files, baseline ? [window, baseline] : [window], query.scan, ctx.options.unitBytes);
    const partials = await runPaced(units, scanThreads(ctx.options.scanThreads), query.scan.deadline, (items) => scan<SignaturePartial>({ kind: 'signatures', items, query }), clockOf(query.scan.clock));
    const lineAt = recordUnits(partials.flatMap((p) => p.coverage), query.scan.cacheDir);
    return finishSignatures(partials, query, lineAt);
  },
};
