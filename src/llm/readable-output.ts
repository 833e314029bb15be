// Tool outputs reshaped for a model with a few hundred tokens to read: what a person would look at first
// (the new and most frequent error signatures with counts and one example each), series and bookkeeping dropped.

import { toolOf } from '../core/tools.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const EXAMPLE_CHARS = 300;
const STRING_CHARS = 600;
/** Fields kept long: a diff or a stack is the evidence itself. */
const KEEP_LONG = new Set(['diff', 'patch', 'stack', 'message']);

function clipStrings(v: unknown, key = ''): unknown {
  if (typeof v === 'string') return v.length > STRING_CHARS && !KEEP_LONG.has(key) ? `${v.slice(0, STRING_CHARS)}…` : v;
  if (Array.isArray(v)) return v.map((x) => clipStrings(x, key));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clipStrings(x, k)]));
  return v;
}

/** error_signatures: new ones first, then by count; per-minute series replaced by their peak. */
function signatures(data: Record<string, unknown>): unknown {
  const list = Array.isArray(data.signatures) ? data.signatures.filter(isObj) : [];
  const ranked = [...list].sort((a, b) => Number(b.new === true) - Number(a.new === true) || Number(b.count ?? 0) - Number(a.count ?? 0));
  return {
    window: data.window,
    ...(data.baseline !== undefined ? { baseline: data.baseline } : {}),
    // A sampled read says how much was read: the counts are estimates and the model must say so too.
    ...(typeof data.sampling === 'string' ? { sampling: data.sampling } : {}),
    signatures: ranked.map((s) => {
      const perMinute = Array.isArray(s.per_minute) ? s.per_minute.map((p) => (Array.isArray(p) ? Number(p[1]) : 0)) : [];
      return {
        template: s.template,
        level: s.level,
        services: s.services,
        count: s.count,
        ...(s.baseline_count !== undefined ? { baseline_count: s.baseline_count } : {}),
        new: s.new,
        ...(typeof s.new_note === 'string' ? { new_note: s.new_note } : {}),
        first_seen: s.first_seen,
        ...(s.last_seen !== undefined ? { last_seen: s.last_seen } : {}),
        ...(perMinute.length ? { peak_per_minute: Math.max(...perMinute) } : {}),
        example: typeof s.example === 'string' ? s.example.slice(0, EXAMPLE_CHARS) : s.example,
      };
    }),
  };
}

const SHAPERS: Partial<Record<string, (data: Record<string, unknown>) => unknown>> = {
  error_signatures: signatures,
};

/** The output of `tool` (a qualified name) as the model should read it; text that is not JSON is unchanged. */
export function readableOutput(tool: string, text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return text;
  }
  const shaper = SHAPERS[toolOf(tool)];
  const shaped = shaper && isObj(data) ? shaper(data) : data;
  return JSON.stringify(clipStrings(shaped));
}
