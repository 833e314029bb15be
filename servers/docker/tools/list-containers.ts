// list_containers: every container with state, health, restart count, exit code and OOM flag.
// The first call in most investigations: it names the containers the other tools take.
import { z } from 'zod';
import type { ContainerSummary } from '../../../src/core/evidence.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import type { DockerToolContext } from '../context.js';
import { toSummary } from '../records.js';

const shape = {
  all: z.boolean().optional().describe('Include stopped containers (default true); false lists running ones only'),
  name: z.string().optional().describe('Only containers whose name contains this text (case-insensitive)'),
  label: z
    .string()
    .regex(/^[A-Za-z0-9_.\-/]{1,200}(=.{0,200})?$/, 'label: KEY or KEY=VALUE')
    .optional()
    .describe('Only containers carrying this label: KEY, or KEY=VALUE (e.g. rca.watch=true)'),
};

/** Whether a container carries the label filter KEY or KEY=VALUE. */
function hasLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

export const listContainers: ToolDef<typeof shape, DockerToolContext> = {
  name: 'list_containers',
  title: 'List containers',
  description:
    'Lists containers as {id, name, image, state, status, health, restart_count, exit_code, oom_killed}. ' +
    'Use it first to see which containers exist, which are unhealthy, restarting, exited non-zero or OOM-killed. ' +
    'Narrow with name (substring), label (KEY or KEY=VALUE) or all=false for running containers only.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass name to filter containers',
  async run(args, ctx) {
    const needle = args.name?.toLowerCase();
    const all = await ctx.source.listContainers();
    const containers: ContainerSummary[] = all
      .filter((c) => args.all !== false || c.state === 'running' || c.state === 'restarting')
      .filter((c) => !needle || c.name.toLowerCase().includes(needle))
      .filter((c) => !args.label || hasLabel(c.labels, args.label))
      .map(toSummary);
    return { source: ctx.source.kind, total: containers.length, containers };
  },
};
