// What every docker tool receives: the source, whether mutations are allowed, the reference clock, a logger.
// The mutation guard lives here so all three mutating tools refuse with the same words.
import type { Logger } from '../../src/core/logger.js';
import { resolveWindow, type TimeWindow } from '../../src/core/time.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import type { DockerSource } from './records.js';

export interface DockerToolContext {
  source: DockerSource;
  allowMutations: boolean;
  /** Reference "now" for relative since/until (--at, else the source's default). */
  now(): number;
  logger: Logger;
}

export const MUTATING_TOOLS = ['restart_container', 'update_resources', 'exec_command'];

/** Throws unless the server was started with --allow-mutations. */
export function requireMutations(ctx: DockerToolContext, tool: string): void {
  if (ctx.allowMutations) return;
  throw new ToolInputError(
    `${tool} changes a container and is refused: this server was started read-only. ` +
      `Start the docker server with --allow-mutations to enable ${MUTATING_TOOLS.join(', ')}.`,
  );
}

/** resolveWindow with its TimeSpecError turned into a caller error. */
export function windowOf(since: string | undefined, until: string | undefined, now: number): TimeWindow {
  try {
    return resolveWindow(since, until, now);
  } catch (err) {
    throw new ToolInputError((err as Error).message);
  }
}

/** Keeps the end of long command output: the last lines usually say what went wrong. */
export function tailText(text: string, maxBytes: number): { text: string; cut: boolean } {
  const buf = Buffer.from(text);
  if (buf.length <= maxBytes) return { text, cut: false };
  return { text: `…${buf.subarray(buf.length - maxBytes).toString('utf8')}`, cut: true };
}
