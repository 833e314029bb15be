// Argument helpers shared by the logs tools: time windows, levels and the service filter, turning bad values into
// ToolInputErrors that tell the caller what to pass instead.
import { z } from 'zod';
import type { LogLevel } from '../../src/core/evidence.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import { parseDuration, resolveWindow, TimeSpecError, type TimeWindow } from '../../src/core/time.js';
import type { LogsContext } from './context.js';

export const levelSchema = z.enum(['trace', 'debug', 'info', 'notice', 'warn', 'error', 'fatal']);

/** The `service` filter of the tools that count or mine entries (log_stats, error_signatures). */
export const serviceShape = { service: z.string().optional().describe('Only entries of this service') };

export function windowOf(args: { since?: string; until?: string }, ctx: LogsContext): TimeWindow {
  try {
    return resolveWindow(args.since, args.until, ctx.now());
  } catch (err) {
    if (err instanceof TimeSpecError) throw new ToolInputError(err.message);
    throw err;
  }
}

export function durationArg(text: string, name: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new ToolInputError(`${name} "${text}" is not a duration: use e.g. 30s, 5m, 1h, 1d`);
  return ms;
}

export function asLevel(v: string | undefined): LogLevel | undefined {
  return v as LogLevel | undefined;
}
