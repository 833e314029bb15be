// The window a git tool reports back: the resolved since/until as ISO strings (from null when open),
// so a model sees exactly which range get_recent_commits and get_deployments searched.
import { toIso } from '../../../src/core/time.js';
import type { ResolvedWindow } from '../context.js';

export interface WindowJson {
  from: string | null;
  to: string;
}

export function windowJson(w: ResolvedWindow): WindowJson {
  return { from: w.from === null ? null : toIso(w.from), to: toIso(w.to) };
}
