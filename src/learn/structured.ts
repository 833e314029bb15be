// Structured output from a model, the same discipline as rca's verdict: a JSON schema as Ollama `format`,
// zod validation, one repair round naming the problem, else a failure the caller answers with its rules.
import { z } from 'zod';
import type { ChatMessage, LlmProvider } from '../llm/index.js';
import { parseModelJson } from '../llm/structured.js';
import { redact } from '../core/redact.js';

export type Structured<T> = { ok: true; value: T; repaired: boolean } | { ok: false; problem: string };

/** Parses text as JSON of the schema (llm's reading of a model's JSON: a ```json fence, a cut-off end); the problem says briefly what is wrong. */
export function parseStructured<T>(schema: z.ZodType<T>, text: string, check?: (v: T) => string | null): Structured<T> {
  const json = parseModelJson(text);
  if (!json.ok) return { ok: false, problem: json.problem };
  const raw = json.value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problem: `the JSON does not match the schema (${parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})` };
  }
  const extra = check?.(parsed.data) ?? null;
  return extra ? { ok: false, problem: extra } : { ok: true, value: parsed.data, repaired: false };
}

export interface AskOptions<T> {
  provider: LlmProvider;
  /** The answer's zod schema; its JSON schema is the request's `format`. */
  schema: z.ZodType<T>;
  system: string;
  user: string;
  /** Checks beyond the schema (a candidate that must lint); returns the problem or null. */
  check?: (v: T) => string | null;
}

/** One request, and once more with the problem when the answer does not validate. Provider errors throw. */
export async function askStructured<T>(o: AskOptions<T>): Promise<Structured<T>> {
  const messages: ChatMessage[] = [
    { role: 'system', content: o.system },
    { role: 'user', content: redact(o.user) },
  ];
  const format = z.toJSONSchema(o.schema) as Record<string, unknown>;
  const first = await o.provider.chat({ messages, format });
  const a = parseStructured(o.schema, first.message.content, o.check);
  if (a.ok) return a;
  const retry = await o.provider.chat({
    messages: [
      ...messages,
      { role: 'assistant', content: first.message.content },
      { role: 'user', content: `Your answer could not be used: ${a.problem}. Reply again with only the corrected JSON object.` },
    ],
    format,
  });
  const b = parseStructured(o.schema, retry.message.content, o.check);
  return b.ok ? { ...b, repaired: true } : { ok: false, problem: `invalid twice (${b.problem})` };
}
