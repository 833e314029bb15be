// State snapshots before and after a run: each capture's output parsed as text, a number or a JSON
// path, and the seed's state_diff ("no_change", "+2", "stopped -> running").
import { jsonOrNull } from '../core/tools.js';
import { readJsonPath } from './json-path.js';
import type { Capture } from './schema.js';
import type { RunContext } from './context.js';
import { runAction, type RunOpts } from './run-action.js';

export type StateValue = string | number | boolean | null;

const TEXT_CAP = 500;

export function parseCaptured(c: Pick<Capture, 'parse' | 'path'>, text: string): StateValue {
  if (c.parse === 'text') return text.trim().slice(0, TEXT_CAP);
  if (c.parse === 'number' && !c.path) {
    const m = /-?\d+(?:\.\d+)?/.exec(text);
    return m ? Number(m[0]) : null;
  }
  const data = jsonOrNull(text);
  if (data === null) return null;
  const v = c.path ? readJsonPath(data, c.path) : data;
  if (c.parse === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : null;
  }
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v).slice(0, TEXT_CAP);
}

/** Runs every capture; a failing capture records null (a missing snapshot must not stop a fix). */
export async function captureState(ctx: RunContext, opts: Omit<RunOpts, 'timeoutMs'>): Promise<Record<string, StateValue>> {
  const out: Record<string, StateValue> = {};
  for (const c of ctx.runbook.capture) {
    try {
      const r = await runAction(ctx.spec(c.action), { ...opts, timeoutMs: c.action.timeout ?? 30_000, onOutput: undefined });
      out[c.name] = r.ok ? parseCaptured(c, r.stdout) : null;
    } catch {
      out[c.name] = null;
    }
  }
  return out;
}

export function stateDiff(before: Record<string, StateValue>, after: Record<string, StateValue>): Record<string, string> {
  const diff: Record<string, string> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[k] ?? null;
    const b = after[k] ?? null;
    if (a === b) diff[k] = 'no_change';
    else if (typeof a === 'number' && typeof b === 'number') {
      const d = Math.round((b - a) * 1e6) / 1e6;
      diff[k] = d > 0 ? `+${d}` : `${d}`;
    } else diff[k] = `${a === null ? 'null' : String(a)} -> ${b === null ? 'null' : String(b)}`;
  }
  return diff;
}
