// Fits the arguments the offline engine wants to what a tool's listed JSON Schema accepts:
// unknown keys are dropped and durations given as numbers or strings, so a schema change costs evidence, not a crash.
import type { ToolSpec } from '../core/tools.js';
import { parseDuration } from '../core/time.js';

type JsonSchemaProp = { type?: string | string[]; enum?: unknown[]; anyOf?: JsonSchemaProp[] };

function propTypes(p: JsonSchemaProp | undefined): string[] {
  if (!p) return [];
  if (Array.isArray(p.type)) return p.type;
  if (typeof p.type === 'string') return [p.type];
  if (Array.isArray(p.anyOf)) return p.anyOf.flatMap(propTypes);
  return [];
}

/**
 * Keeps the args the tool declares (all of them when it declares no properties) and converts a
 * duration string ("60s") to seconds when the tool wants a number, or a number to "<n>s" for a string.
 */
export function fitArgs(spec: ToolSpec | undefined, args: Record<string, unknown>): Record<string, unknown> {
  const props = (spec?.inputSchema?.properties ?? null) as Record<string, JsonSchemaProp> | null;
  if (!props) return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || !(k in props)) continue;
    const types = propTypes(props[k]);
    if (types.length === 0) {
      out[k] = v;
    } else if (typeof v === 'string' && !types.includes('string')) {
      if (types.includes('number') || types.includes('integer')) {
        const ms = parseDuration(v);
        if (ms !== null) out[k] = Math.round(ms / 1000);
      } else if (types.includes('boolean')) {
        out[k] = true;
      }
    } else if (typeof v === 'number' && !types.includes('number') && !types.includes('integer')) {
      if (types.includes('string')) out[k] = `${v}s`;
    } else if (typeof v === 'boolean' && !types.includes('boolean')) {
      continue;
    } else {
      out[k] = v;
    }
  }
  return out;
}
