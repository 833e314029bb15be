// Token accounting without a tokenizer: ~4 characters per token, applied to exactly what is sent,
// and cutting of tool outputs to a budget before they reach the model.
import type { ChatRequest } from './provider.js';

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tokens of one request as sent: messages, tool list and format schema, serialised as on the wire. */
export function requestTokens(request: ChatRequest): number {
  return estimateTokens(JSON.stringify(request));
}

/** Cuts text to about maxTokens, at a line break when one is near, and says how to get the rest. */
export function cutToTokens(text: string, maxTokens: number): { text: string; cut: boolean } {
  const maxChars = Math.max(0, maxTokens * CHARS_PER_TOKEN);
  if (text.length <= maxChars) return { text, cut: false };
  const note = `\n… [output cut to ~${maxTokens} tokens of ${estimateTokens(text)}; narrow the query (shorter window, filters, limit) for the rest]`;
  const room = Math.max(0, maxChars - note.length);
  let end = room;
  const nl = text.lastIndexOf('\n', room);
  if (nl > room * 0.7) end = nl;
  return { text: text.slice(0, end) + note, cut: true };
}
