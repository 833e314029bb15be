// get_events: container lifecycle events (die, oom, restart, health_status, ...) in a bounded time window.
// The engine's /events streams forever without an end, so the window always has one (default: the last hour).
import { z } from 'zod';
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { toIso } from '../../../src/core/time.js';
import { type DockerToolContext, windowOf } from '../context.js';
import { DEFAULT_EVENT_ACTIONS, matchesActions } from '../engine/normalize.js';

export const DEFAULT_SPAN_MS = 3_600_000;
export const MAX_SPAN_MS = 7 * 24 * 3_600_000;

const shape = {
  ...timeRangeShape,
  container: z.string().optional().describe('Only events of this container (name or id)'),
  actions: z
    .array(z.string().min(1))
    .optional()
    .describe(`Event kinds to keep (default ${DEFAULT_EVENT_ACTIONS.join(', ')}); also start, stop, kill, create, destroy, exec_start, update; ["all"] keeps every kind`),
};

export const getEvents: ToolDef<typeof shape, DockerToolContext> = {
  name: 'get_events',
  title: 'Container events',
  description:
    'Returns {window, counts, events: [{time, action, container, exit_code, detail}]} oldest first: deaths (die with exit code), ' +
    'OOM kills (oom), restarts and healthcheck transitions ("health_status: unhealthy"). Default window: the hour before ' +
    'until (default now). Use it to find when a container started failing; narrow with since/until or container.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'narrow since/until or pass container/actions',
  async run(args, ctx) {
    const now = ctx.now();
    const w = windowOf(args.since, args.until, now);
    const to = w.to ?? now;
    const from = w.from ?? to - DEFAULT_SPAN_MS;
    if (to - from > MAX_SPAN_MS) throw new ToolInputError('the window is longer than 7 days: pass a later since or an earlier until');
    const wanted = args.actions ?? DEFAULT_EVENT_ACTIONS;
    const all = wanted.includes('all');
    const events = (await ctx.source.getEvents({ from, to, container: args.container }))
      .filter((e) => all || matchesActions(e.action, wanted))
      // exec events carry the whole command line, which may hold a password.
      .map((e) => (e.action.startsWith('exec_') ? { ...e, action: redact(e.action) } : e));
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.action] = (counts[e.action] ?? 0) + 1;
    return { window: { from: toIso(from), to: toIso(to) }, total: events.length, counts, events };
  },
};
