// restart_container: stops and starts one container (mutating: refused without --allow-mutations).
// The reason is required and logged, so every restart is explained in the server's audit trail.
import { z } from 'zod';
import { ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { type DockerToolContext, requireMutations } from '../context.js';
import { toSummary } from '../records.js';
import { containerArg } from './container-arg.js';

const shape = {
  container: containerArg,
  reason: z.string().describe('Why the restart is needed (logged with the action), e.g. "pool exhausted after v2.4.1"'),
  stop_timeout: z.number().int().optional().describe('Seconds to wait for a graceful stop before killing (default 10, at most 120)'),
};

export const restartContainer: ToolDef<typeof shape, DockerToolContext> = {
  name: 'restart_container',
  title: 'Restart a container',
  description:
    'MUTATING. Restarts one container (graceful stop, then start) and returns {container, reason, before, after} with ' +
    'the container summaries. Only available when the server runs with --allow-mutations. Give a reason.',
  inputSchema: shape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, ctx) {
    requireMutations(ctx, 'restart_container');
    if (args.reason.trim().length < 3) throw new ToolInputError('give a reason for the restart (a few words saying why)');
    const stop = args.stop_timeout ?? 10;
    if (stop < 0 || stop > 120) throw new ToolInputError(`stop_timeout ${stop} is out of range: give 0 to 120 seconds`);
    const before = await ctx.source.getContainer(args.container);
    ctx.logger.warn(`restart_container ${before.name}: ${args.reason}`);
    await ctx.source.restart(before.id, stop);
    const after = await ctx.source.getContainer(before.id);
    return { container: before.name, reason: args.reason, restarted: true, before: toSummary(before), after: toSummary(after) };
  },
};
