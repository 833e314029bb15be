// Decides, for each tool call the model asks for, whether it runs: only offered tools, object arguments,
// no identical repeat, within the call limit. Refusals go back to the model as text; nothing else happens.
import type { ChatToolCall } from './provider.js';

export type CallDecision =
  | { run: true; name: string; args: Record<string, unknown>; key: string }
  | { run: false; name: string; args: Record<string, unknown>; reason: string; kind: 'malformed' | 'mutating' | 'repeat' | 'limit' };

export interface GuardState {
  offered: Set<string>;
  mutating: Set<string>;
  /** key -> call id of the earlier identical call */
  seen: Map<string, string>;
  callsMade: number;
  maxToolCalls: number;
}

/** Deterministic JSON with sorted keys, so {a,b} and {b,a} count as the same call. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Arguments as an object, accepting a JSON string of an object (some models send that). */
export function parseArguments(raw: unknown): { ok: true; args: Record<string, unknown> } | { ok: false; reason: string } {
  if (raw === undefined || raw === null) return { ok: true, args: {} };
  if (isPlainObject(raw)) return { ok: true, args: raw };
  if (typeof raw === 'string') {
    if (!raw.trim()) return { ok: true, args: {} };
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isPlainObject(parsed)) return { ok: true, args: parsed };
      return { ok: false, reason: 'arguments must be a JSON object' };
    } catch {
      return { ok: false, reason: 'arguments are not valid JSON' };
    }
  }
  return { ok: false, reason: 'arguments must be a JSON object' };
}

export function decideCall(call: ChatToolCall, state: GuardState): CallDecision {
  const fn: unknown = call?.function;
  const name = isPlainObject(fn) && typeof fn.name === 'string' ? fn.name.trim() : '';
  if (!name) return { run: false, name: '(none)', args: {}, kind: 'malformed', reason: 'the tool call has no tool name' };
  const parsed = parseArguments(isPlainObject(fn) ? fn.arguments : undefined);
  const args = parsed.ok ? parsed.args : {};
  if (!state.offered.has(name)) {
    if (state.mutating.has(name)) {
      return { run: false, name, args, kind: 'mutating', reason: `${name} changes state and is not available during an investigation; only read-only tools are offered. Put actions in recommendations.` };
    }
    return { run: false, name, args, kind: 'malformed', reason: `unknown tool ${JSON.stringify(name.slice(0, 80))}; use one of the offered tools` };
  }
  if (!parsed.ok) return { run: false, name, args, kind: 'malformed', reason: `${parsed.reason} for ${name}` };
  const key = `${name} ${stableStringify(args)}`;
  const earlier = state.seen.get(key);
  if (earlier) {
    return { run: false, name, args, kind: 'repeat', reason: `identical call already made as call_id=${earlier}; use that result or change the arguments` };
  }
  if (state.callsMade >= state.maxToolCalls) {
    return { run: false, name, args, kind: 'limit', reason: `the tool-call limit (${state.maxToolCalls}) is reached; give your answer now` };
  }
  return { run: true, name, args, key };
}
