// Which tools the model may use during an investigation (read-only, non-destructive ones only), in a
// compact Ollama form: the tool list is sent every round, so its size is most of the prompt-token cost.
import type { ToolSpec } from '../core/tools.js';
import type { ChatTool } from './provider.js';

export function isOfferable(spec: ToolSpec): boolean {
  return spec.readOnly && !spec.destructive;
}

export const TOOL_DESCRIPTION_CHARS = 90;
export const PARAM_DESCRIPTION_CHARS = 48;
/** Argument names whose meaning the system prompt explains once, instead of once per tool. */
const SELF_EXPLAINED = new Set(['since', 'until', 'limit', 'service', 'top', 'container', 'sha']);

/** First sentence, then cut at a word boundary: the rest of a server's description is advice, not contract. */
export function shorten(text: string, max: number): string {
  // "e.g." and "i.e." are not sentence ends; hide their dots while splitting.
  const flat = text.replace(/\s+/g, ' ').trim().replace(/\b(e\.g|i\.e)\./g, (m) => m.replace(/\./g, '\u2024'));
  const sentence = (/^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat).replace(/\u2024/g, '.');
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

function firstClause(text: string): string {
  return shorten(text.replace(/\b(e\.g|i\.e)\./g, '$1').split(/;|: | \(|\. /)[0], PARAM_DESCRIPTION_CHARS);
}

/** One argument's schema reduced to what the model needs to form a valid call. */
function compactProperty(name: string, schema: unknown): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return {};
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (s.type !== undefined) out.type = s.type;
  if (Array.isArray(s.enum)) out.enum = s.enum;
  if (s.items && typeof s.items === 'object') {
    const items = s.items as Record<string, unknown>;
    out.items = { ...(items.type !== undefined ? { type: items.type } : {}), ...(Array.isArray(items.enum) ? { enum: items.enum } : {}) };
  }
  if (typeof s.description === 'string' && !SELF_EXPLAINED.has(name)) out.description = firstClause(s.description);
  if (Array.isArray(s.anyOf) && out.type === undefined) {
    out.type = s.anyOf.map((a) => (a && typeof a === 'object' ? (a as Record<string, unknown>).type : undefined)).filter(Boolean);
  }
  return out;
}

export function toChatTool(spec: ToolSpec): ChatTool {
  const schema = spec.inputSchema ?? {};
  const props = (schema.properties && typeof schema.properties === 'object' ? schema.properties : {}) as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  return {
    type: 'function',
    function: {
      name: spec.name,
      description: shorten(spec.description, TOOL_DESCRIPTION_CHARS),
      parameters: {
        type: 'object',
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, compactProperty(k, v)])),
        ...(required.length ? { required } : {}),
      },
    },
  };
}

export interface ToolOffer {
  /** The tools described to the model (`listed`, in chat form). */
  tools: ChatTool[];
  /** Every read-only tool: what the model may call, described or not. */
  offered: Set<string>;
  /** Read-only tools not described, named in the system prompt so the model can ask for them. */
  unlisted: string[];
  /** Refused on sight. */
  mutating: Set<string>;
}

/** The offer for one investigation: `listed` (default: every read-only tool) described, the rest named. */
export function buildToolOffer(specs: ToolSpec[], listed?: ToolSpec[]): ToolOffer {
  const readOnly = specs.filter(isOfferable);
  const shown = (listed ?? readOnly).filter(isOfferable);
  const shownNames = new Set(shown.map((s) => s.name));
  return {
    tools: shown.map(toChatTool),
    offered: new Set(readOnly.map((s) => s.name)),
    unlisted: readOnly.filter((s) => !shownNames.has(s.name)).map((s) => s.name),
    mutating: new Set(specs.filter((s) => !isOfferable(s)).map((s) => s.name)),
  };
}
