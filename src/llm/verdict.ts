// The final answer: one request with Ollama structured outputs (format = JSON Schema of the verdict),
// validated with zod, one repair round with the validation error, else a failure for the offline fallback.
import { z } from 'zod';
import { modelVerdictSchema, type ModelVerdict } from '../core/report.js';
import type { ChatMessage, ChatRequest, ChatResult } from './provider.js';
import { repairMessage, VERDICT_REQUEST } from './prompt.js';

export const VERDICT_JSON_SCHEMA = z.toJSONSchema(modelVerdictSchema) as Record<string, unknown>;

export type VerdictParse = { ok: true; verdict: ModelVerdict } | { ok: false; problem: string };

/** Parses the model's text as a verdict: tolerates a ```json fence, reports the first problems briefly. */
export function parseVerdict(text: string): VerdictParse {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  if (!body) return { ok: false, problem: 'the answer was empty' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, problem: `the answer is not valid JSON (${err instanceof Error ? err.message : 'parse error'})` };
  }
  const parsed = modelVerdictSchema.safeParse(value);
  if (parsed.success) return { ok: true, verdict: parsed.data };
  const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the verdict schema (${issues.join('; ')})` };
}

export type VerdictOutcome =
  | { ok: true; verdict: ModelVerdict; repaired: boolean }
  | { ok: false; notice: string };

/** Asks for the verdict, and once more with the problem when the first answer does not validate. */
export async function requestVerdict(
  send: (req: ChatRequest) => Promise<ChatResult>,
  conversation: ChatMessage[],
): Promise<VerdictOutcome> {
  const messages: ChatMessage[] = [...conversation, { role: 'user', content: VERDICT_REQUEST }];
  const first = await send({ messages, format: VERDICT_JSON_SCHEMA });
  const firstParse = parseVerdict(first.message.content);
  if (firstParse.ok) return { ok: true, verdict: firstParse.verdict, repaired: false };
  const retry = await send({
    messages: [
      ...messages,
      { role: 'assistant', content: first.message.content },
      { role: 'user', content: repairMessage(firstParse.problem) },
    ],
    format: VERDICT_JSON_SCHEMA,
  });
  const second = parseVerdict(retry.message.content);
  if (second.ok) return { ok: true, verdict: second.verdict, repaired: true };
  return { ok: false, notice: `the model's final answer was invalid twice (${second.problem}); using the offline report` };
}
