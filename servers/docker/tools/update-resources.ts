// update_resources: changes a running container's memory limit and/or CPU quota (mutating: refused without
// --allow-mutations). Sizes are validated by resources.ts before the engine is asked.
import { z } from 'zod';
import { ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { type DockerToolContext, requireMutations } from '../context.js';
import type { ContainerRecord } from '../records.js';
import { formatMemory, validateResources } from '../resources.js';
import { containerArg } from './container-arg.js';

const shape = {
  container: containerArg,
  memory: z.string().optional().describe('New memory limit with a unit, e.g. "512m" or "1g" (at least 4m)'),
  cpus: z.number().optional().describe('New CPU quota in CPUs, e.g. 0.5 or 2 (above 0, at most 64)'),
};

const limits = (c: ContainerRecord) => ({ memory: formatMemory(c.memory_bytes), cpus: c.nano_cpus === 0 ? null : c.nano_cpus / 1e9 });

export const updateResources: ToolDef<typeof shape, DockerToolContext> = {
  name: 'update_resources',
  title: 'Update container limits',
  description:
    'MUTATING. Sets a container\'s memory limit and/or CPU quota without restarting it and returns {container, before, after} ' +
    'with {memory, cpus}. Only available when the server runs with --allow-mutations. Give memory like "512m" or "1g", cpus like 1.5.',
  inputSchema: shape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(args, ctx) {
    requireMutations(ctx, 'update_resources');
    const checked = validateResources({ memory: args.memory, cpus: args.cpus });
    if (!checked.ok) throw new ToolInputError(checked.error);
    const before = await ctx.source.getContainer(args.container);
    ctx.logger.warn(`update_resources ${before.name}: memory=${args.memory ?? '-'} cpus=${args.cpus ?? '-'}`);
    await ctx.source.updateResources(before.id, checked.value);
    const after = await ctx.source.getContainer(before.id);
    return { container: before.name, before: limits(before), after: limits(after) };
  },
};
