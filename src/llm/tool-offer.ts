// Which tools the model may use during an investigation (read-only, non-destructive ones only) and
// their compact Ollama form: JSON Schema noise the model does not need is stripped to save prompt tokens.
import type { ToolSpec } from '../core/tools.js';
import type { ChatTool } from './provider.js';

export function isOfferable(spec: ToolSpec): boolean {
  return spec.readOnly && !spec.destructive;
}

const DROP_KEYS = new Set(['$schema', 'additionalProperties', 'title', 'default', 'examples', '$id', '$comment']);

/** Removes schema keys that cost tokens and do not change what the model may send. */
export function compactSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactSchema);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (DROP_KEYS.has(k)) continue;
      // Inside `properties`, keys are argument names, not schema keywords: keep them all.
      out[k] = k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [pk, compactSchema(pv)]))
        : compactSchema(v);
    }
    return out;
  }
  return value;
}

export function toChatTool(spec: ToolSpec): ChatTool {
  const schema = compactSchema(spec.inputSchema) as Record<string, unknown>;
  return {
    type: 'function',
    function: {
      name: spec.name,
      description: spec.description.replace(/\s+/g, ' ').trim(),
      parameters: { type: 'object', properties: {}, ...schema },
    },
  };
}

/** The offer for one investigation: read-only tools in Ollama form, plus the names refused on sight. */
export function buildToolOffer(specs: ToolSpec[]): { tools: ChatTool[]; offered: Set<string>; mutating: Set<string> } {
  const offeredSpecs = specs.filter(isOfferable);
  return {
    tools: offeredSpecs.map(toChatTool),
    offered: new Set(offeredSpecs.map((s) => s.name)),
    mutating: new Set(specs.filter((s) => !isOfferable(s)).map((s) => s.name)),
  };
}
