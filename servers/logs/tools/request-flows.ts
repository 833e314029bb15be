// request_flows: follows requests across services by the trace ids their log lines carry and counts, per minute,
// which step follows which, so a caller that stops reaching a callee (or a flow that changes course) can be seen.
import { z } from 'zod';
import { outputBudgetShape, READ_ONLY, timeRangeShape, type ToolDef } from '../../../src/core/tool-kit.js';
import { readableFiles, scanOptions, type LogsContext } from '../context.js';
import type { FlowsOut } from '../flows.js';
import { scanRunner } from '../scan-place.js';
import { windowOf } from '../tool-args.js';

const shape = {
  ...timeRangeShape,
  ...outputBudgetShape,
  max_transitions: z.number().int().min(1).max(5000).optional().describe('Most step-to-step transitions returned, most frequent first (default 800)'),
};

export const requestFlowsTool: ToolDef<typeof shape, LogsContext> = {
  name: 'request_flows',
  title: 'Request flows',
  description:
    'Groups log entries by the trace id they carry (trace_id fields, "TraceID: <hex>" in text), orders each request\'s entries by time, reduces each entry to a step (service + leading words, variables masked; entries of one code location such as logger#line or file.py:120 are one step, labelled with the first one\'s words; a logger without a line is one step per message with every value masked) and counts each step-to-step transition per minute of the request\'s start (to = -1: the request\'s last entry). Compare minutes before and after an onset to see which call stopped happening or which flow changed; transitions are empty when no entry carries a trace id. statements/statement_minutes count every entry\'s statement (same key as steps, traced or not) per minute, so a statement that fell silent shows without traces too.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'use a shorter since/until window or a smaller max_transitions',
  async run(args, ctx, call): Promise<FlowsOut> {
    const window = windowOf(args, ctx);
    const { files } = await readableFiles(ctx);
    return scanRunner(files, ctx.options.inlineScanBytes)<FlowsOut>({ kind: 'flows', files, query: { window, maxTransitions: args.max_transitions ?? 800, scan: scanOptions(ctx, call) } });
  },
};
