// What every git tool receives: the repository and the reference "now", plus the time-window helper
// that turns since/until into git's --since/--until (computed by us, never the caller's text).
import { resolveWindow, TimeSpecError, toIso, type TimeWindow } from '../../src/core/time.js';
import { ToolInputError } from '../../src/core/tool-kit.js';
import type { GitRepo } from './git-runner.js';

export interface GitContext {
  repo: GitRepo;
  /** The reference instant for relative times and the default `until` (the --at option, else the clock). */
  now(): number;
}

export interface ResolvedWindow extends TimeWindow {
  /** Always set: defaults to now, so replays with --at never see later commits. */
  to: number;
}

export function resolveToolWindow(since: string | undefined, until: string | undefined, now: number): ResolvedWindow {
  try {
    const w = resolveWindow(since, until, now);
    const to = w.to ?? now;
    if (w.from !== null && w.from > to) {
      throw new ToolInputError(`since (${toIso(w.from)}) is after until (${toIso(to)}); pick an earlier since or a later until`);
    }
    return { from: w.from, to };
  } catch (err) {
    if (err instanceof TimeSpecError) throw new ToolInputError(err.message);
    throw err;
  }
}

/** git log arguments for a window; the dates are our own ISO strings, so they cannot be options. */
export function windowArgs(w: ResolvedWindow): string[] {
  const args = [`--until=${toIso(w.to)}`];
  if (w.from !== null) args.push(`--since=${toIso(w.from)}`);
  return args;
}

export function inResolvedWindow(timeIso: string, w: ResolvedWindow): boolean {
  const t = Date.parse(timeIso);
  return (w.from === null || t >= w.from) && t <= w.to;
}
