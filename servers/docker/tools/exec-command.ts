// exec_command: runs a command inside a running container and returns its output and exit code
// (mutating: refused without --allow-mutations). The command is an argv array, never a shell string.
import { z } from 'zod';
import { redact } from '../../../src/core/redact.js';
import { ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { type DockerToolContext, requireMutations, tailText } from '../context.js';
import { containerArg } from './container-arg.js';

export const MAX_EXEC_TIMEOUT_S = 120;
const OUTPUT_CAP = 6 * 1024;

const shape = {
  container: containerArg,
  command: z.array(z.string()).describe('The argv to run, e.g. ["cat", "/etc/app/config.yaml"]; use ["sh", "-c", "..."] for a shell'),
  timeout: z.number().optional().describe(`Seconds to wait for the command (default 30, at most ${MAX_EXEC_TIMEOUT_S})`),
};

export const execCommand: ToolDef<typeof shape, DockerToolContext> = {
  name: 'exec_command',
  title: 'Run a command in a container',
  description:
    'MUTATING. Runs a command inside a running container and returns {container, command, exit_code, stdout, stderr, ' +
    'timed_out} (output tails, secrets redacted). Only available when the server runs with --allow-mutations.',
  inputSchema: shape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, ctx) {
    requireMutations(ctx, 'exec_command');
    if (args.command.length === 0 || args.command[0]!.trim() === '') {
      throw new ToolInputError('command is empty: give an argv array such as ["ls", "-l", "/app"]');
    }
    const timeout = args.timeout ?? 30;
    if (!(timeout > 0 && timeout <= MAX_EXEC_TIMEOUT_S)) {
      throw new ToolInputError(`timeout ${timeout} is out of range: give more than 0 and at most ${MAX_EXEC_TIMEOUT_S} seconds`);
    }
    const c = await ctx.source.getContainer(args.container);
    ctx.logger.warn(`exec_command ${c.name}: ${JSON.stringify(args.command)}`);
    const r = await ctx.source.exec(c.id, args.command, timeout * 1000);
    const out = tailText(redact(r.stdout), OUTPUT_CAP);
    const err = tailText(redact(r.stderr), OUTPUT_CAP);
    return {
      container: c.name,
      command: args.command.map(redact),
      exit_code: r.exit_code,
      timed_out: r.timed_out,
      still_running: r.running,
      stdout: out.text,
      stderr: err.text,
      ...(out.cut || err.cut ? { output_cut: `output longer than ${OUTPUT_CAP} bytes; only the end is shown` } : {}),
      ...(r.timed_out ? { note: `no exit within ${timeout} s; the process may still run inside the container` } : {}),
    };
  },
};
