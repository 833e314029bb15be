// One structured answer at the end of the tool rounds (a verdict, a follow-up answer): asked for with a JSON
// Schema as `format`, read tolerantly (a ```json fence, JSON cut mid-way), one repair round, else a failure.
import type { ChatMessage, ChatRequest, ChatResult } from './provider.js';
import { repairMessage } from './prompt.js';
import { closeTruncatedJson } from './verdict-repair.js';

export type StructuredOutcome<T> = { ok: true; value: T; repaired: boolean; repairs: string[] } | { ok: false; notice: string };

export type StructuredParse<T> = { ok: true; value: T; repairs: string[] } | { ok: false; problem: string };

export type ModelJson = { ok: true; value: unknown; repairs: string[] } | { ok: false; problem: string };

/** The model's text as JSON: tolerates a ```json fence and closes JSON cut off mid-way (the token cap, a repetition stop). */
export function parseModelJson(text: string): ModelJson {
  const fenced = /```(?:json)?\s*([\s\S]*?)(?:```|$)/i.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  if (!body) return { ok: false, problem: 'the answer was empty' };
  try {
    return { ok: true, value: JSON.parse(body), repairs: [] };
  } catch (err) {
    const closed = closeTruncatedJson(body);
    if (closed !== null && closed !== body) {
      try {
        return { ok: true, value: JSON.parse(closed), repairs: ['cut-off JSON closed'] };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, problem: `the answer is not valid JSON (${err instanceof Error ? err.message : 'parse error'})` };
  }
}

export interface StructuredSpec<T> {
  /** The user message asking for the answer. */
  instruction: string;
  /** JSON Schema sent as `format`: the grammar bounds what it can. */
  schema: Record<string, unknown>;
  parse(text: string): StructuredParse<T>;
}

/**
 * Asks for the answer, and once more with the problem when code could not repair the first one.
 * `tools` are sent again (unused by a format request) so the server's prompt cache still matches.
 */
export async function requestStructured<T>(
  send: (req: ChatRequest) => Promise<ChatResult>,
  conversation: ChatMessage[],
  tools: ChatRequest['tools'] | undefined,
  spec: StructuredSpec<T>,
): Promise<StructuredOutcome<T>> {
  const messages: ChatMessage[] = [...conversation, { role: 'user', content: spec.instruction }];
  const withTools = tools?.length ? { tools } : {};
  const first = await send({ messages, format: spec.schema, ...withTools });
  const firstParse = spec.parse(first.message.content);
  if (firstParse.ok) return { ok: true, value: firstParse.value, repaired: false, repairs: firstParse.repairs };
  const retry = await send({
    messages: [
      ...messages,
      { role: 'assistant', content: first.message.content.slice(0, 2000) },
      { role: 'user', content: repairMessage(firstParse.problem) },
    ],
    format: spec.schema,
    ...withTools,
  });
  const second = spec.parse(retry.message.content);
  if (second.ok) return { ok: true, value: second.value, repaired: true, repairs: second.repairs };
  return { ok: false, notice: `the model's final answer was invalid twice (${second.problem})` };
}
