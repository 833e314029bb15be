// Token accounting without a tokenizer (~4 characters per token) applied to what the model is sent, and
// cutting of tool outputs to a budget: JSON stays valid JSON (arrays halved), other text is cut at a line.
import { boundedJson } from '../core/tool-kit.js';
import type { ChatRequest } from './provider.js';

export const CHARS_PER_TOKEN = 4;
/** Chat-template framing per message (role markers, separators). */
const MESSAGE_OVERHEAD_CHARS = 16;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Tokens of one request as the model reads it: message texts, tool calls, the tool list and the format
 * schema. Counted on the texts rather than the HTTP body, whose JSON escaping the model never sees.
 */
export function requestTokens(request: ChatRequest): number {
  let chars = 0;
  for (const m of request.messages) {
    chars += m.content.length + MESSAGE_OVERHEAD_CHARS;
    if (m.tool_calls?.length) chars += JSON.stringify(m.tool_calls).length;
    if (m.tool_name) chars += m.tool_name.length;
  }
  if (request.tools?.length) chars += JSON.stringify(request.tools).length;
  if (request.format) chars += JSON.stringify(request.format).length;
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

const HINT = 'narrow the query (shorter window, filters, limit) for the rest';

/** Cuts text to about maxTokens and says how to get the rest. */
export function cutToTokens(text: string, maxTokens: number): { text: string; cut: boolean } {
  const maxChars = Math.max(0, maxTokens * CHARS_PER_TOKEN);
  if (text.length <= maxChars) return { text, cut: false };
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const data: unknown = JSON.parse(trimmed);
      const cut = boundedJson(data, maxChars, `output cut to ~${maxTokens} tokens; ${HINT}`);
      return { text: cut, cut: true };
    } catch {
      // not JSON after all: fall through to a plain cut
    }
  }
  const note = `\n… [output cut to ~${maxTokens} tokens of ${estimateTokens(text)}; ${HINT}]`;
  const room = Math.max(0, maxChars - note.length);
  let end = room;
  const nl = text.lastIndexOf('\n', room);
  if (nl > room * 0.7) end = nl;
  return { text: text.slice(0, end) + note, cut: true };
}
