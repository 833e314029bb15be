// get_logs: the last lines a container wrote (stdout and stderr, with timestamps), secrets redacted.
// For one container; narrow with since/until and tail rather than reading everything.
import { z } from 'zod';
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { toIso } from '../../../src/core/time.js';
import { type DockerToolContext, windowOf } from '../context.js';
import { containerArg } from './container-arg.js';

export const MAX_TAIL = 5000;

const shape = {
  container: containerArg,
  tail: z.number().int().optional().describe(`How many of the last lines to return (default 200, at most ${MAX_TAIL})`),
  ...timeRangeShape,
};

export const getLogs: ToolDef<typeof shape, DockerToolContext> = {
  name: 'get_logs',
  title: 'Container logs',
  description:
    'Returns {container, window, returned, lines: [{time, stream: stdout|stderr|tty, text}]} with the last `tail` lines ' +
    'a container wrote, oldest first, secrets redacted. Use after list_containers/health_check to see why a container ' +
    'failed; narrow with since (e.g. "30m" or an ISO time), until and a smaller tail.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass a smaller tail or a narrower since/until',
  async run(args, ctx) {
    const tail = args.tail ?? 200;
    if (tail < 1 || tail > MAX_TAIL) throw new ToolInputError(`tail ${tail} is out of range: give 1 to ${MAX_TAIL}`);
    const w = windowOf(args.since, args.until, ctx.now());
    const lines = await ctx.source.getLogs(args.container, { tail, from: w.from, to: w.to });
    return {
      container: args.container,
      window: { from: w.from === null ? null : toIso(w.from), to: w.to === null ? null : toIso(w.to) },
      returned: lines.length,
      lines: lines.map((l) => ({ ...l, text: redact(l.text) })),
    };
  },
};
