// Small models often write their tool calls as text (a JSON object, a <tool_call> block, a fenced block)
// instead of using the tool-calling channel: read those as calls when they name a known tool.
import type { ChatToolCall } from './provider.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asCall(v: unknown, known: Set<string>): ChatToolCall | null {
  if (!isObj(v)) return null;
  const fn = isObj(v.function) ? v.function : v;
  const name = typeof fn.name === 'string' ? fn.name.trim() : typeof v.tool === 'string' ? v.tool.trim() : '';
  if (!known.has(name)) return null;
  return { function: { name, arguments: fn.arguments ?? fn.parameters ?? v.args ?? {} } };
}

/** JSON values found in the text: <tool_call> blocks, fenced blocks, else the outermost {...} or [...]. */
function candidates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/gi)) out.push(m[1]!);
  for (const m of text.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) out.push(m[1]!);
  if (out.length === 0) {
    const start = text.search(/[[{]/);
    const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
    if (start >= 0 && end > start) out.push(text.slice(start, end + 1));
  }
  return out;
}

/** Tool calls written in `content`, limited to names in `known`; empty when there are none. */
export function toolCallsInText(content: string, known: Set<string>): ChatToolCall[] {
  if (!/[[{]/.test(content)) return [];
  const calls: ChatToolCall[] = [];
  for (const c of candidates(content)) {
    let v: unknown;
    try {
      v = JSON.parse(c);
    } catch {
      continue;
    }
    for (const item of Array.isArray(v) ? v : [v]) {
      const call = asCall(item, known);
      if (call) calls.push(call);
    }
  }
  return calls.slice(0, 8);
}
