// The final answer: one request with structured output (format = a bounded JSON Schema of the verdict),
// repaired by code where it can be (clamped fields, closed JSON), validated with zod, one repair round, else a failure.
import { CATEGORIES, modelVerdictSchema, type ModelVerdict } from '../core/report.js';
import type { ChatMessage, ChatRequest, ChatResult } from './provider.js';
import { repairMessage, VERDICT_REQUEST } from './prompt.js';
import { clampVerdict, closeTruncatedJson, VERDICT_BOUNDS as B } from './verdict-repair.js';

const str = (maxLength: number) => ({ type: 'string', maxLength });
const nullableStr = (maxLength: number) => ({ anyOf: [{ type: 'string', maxLength }, { type: 'null' }] });
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });

/**
 * What the grammar enforces: every string has maxLength and every array maxItems, so a rambling model is
 * cut by the grammar, not by the context. confidence keeps its range for models that honour it; grammars
 * cannot bound a float, so clampVerdict does.
 */
export const VERDICT_JSON_SCHEMA: Record<string, unknown> = obj({
  summary: str(B.summary),
  category: { type: 'string', enum: [...CATEGORIES] },
  service: nullableStr(B.shortText),
  suspect_sha: nullableStr(40),
  confidence: { type: 'number', minimum: 0, maximum: 1 },
  onset: nullableStr(40),
  evidence: { type: 'array', maxItems: B.evidence, items: obj({ call_id: str(B.shortText), detail: str(B.text), quote: str(B.quote) }) },
  ruled_out: { type: 'array', maxItems: B.ruledOut, items: obj({ what: str(B.text), reason: str(B.text) }) },
  recommendations: { type: 'array', maxItems: B.recommendations, items: str(B.text) },
});

export type VerdictParse = { ok: true; verdict: ModelVerdict; repairs: string[] } | { ok: false; problem: string };

function parseJson(body: string): { ok: true; value: unknown; closed: boolean } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(body), closed: false };
  } catch (err) {
    // Cut off mid-way (the token cap, a repetition stop): close what is open and try once more.
    const closed = closeTruncatedJson(body);
    if (closed !== null && closed !== body) {
      try {
        return { ok: true, value: JSON.parse(closed), closed: true };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, error: err instanceof Error ? err.message : 'parse error' };
  }
}

/** Parses the model's text as a verdict: tolerates a ```json fence and truncation, clamps what is out of bounds. */
export function parseVerdict(text: string): VerdictParse {
  const fenced = /```(?:json)?\s*([\s\S]*?)(?:```|$)/i.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  if (!body) return { ok: false, problem: 'the answer was empty' };
  const json = parseJson(body);
  if (!json.ok) return { ok: false, problem: `the answer is not valid JSON (${json.error})` };
  const { value, changes } = clampVerdict(json.value);
  const parsed = modelVerdictSchema.safeParse(value);
  if (parsed.success) return { ok: true, verdict: parsed.data, repairs: [...(json.closed ? ['cut-off JSON closed'] : []), ...changes] };
  const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the verdict schema (${issues.join('; ')})` };
}

export type VerdictOutcome =
  | { ok: true; verdict: ModelVerdict; repaired: boolean; repairs: string[] }
  | { ok: false; notice: string };

/**
 * Asks for the verdict, and once more with the problem when code could not repair the first answer.
 * `tools` are sent again (unused by a format request) so the server's prompt cache still matches.
 */
export async function requestVerdict(
  send: (req: ChatRequest) => Promise<ChatResult>,
  conversation: ChatMessage[],
  tools?: ChatRequest['tools'],
): Promise<VerdictOutcome> {
  const messages: ChatMessage[] = [...conversation, { role: 'user', content: VERDICT_REQUEST }];
  const withTools = tools?.length ? { tools } : {};
  const first = await send({ messages, format: VERDICT_JSON_SCHEMA, ...withTools });
  const firstParse = parseVerdict(first.message.content);
  if (firstParse.ok) return { ok: true, verdict: firstParse.verdict, repaired: false, repairs: firstParse.repairs };
  const retry = await send({
    messages: [
      ...messages,
      { role: 'assistant', content: first.message.content.slice(0, 2000) },
      { role: 'user', content: repairMessage(firstParse.problem) },
    ],
    format: VERDICT_JSON_SCHEMA,
    ...withTools,
  });
  const second = parseVerdict(retry.message.content);
  if (second.ok) return { ok: true, verdict: second.verdict, repaired: true, repairs: second.repairs };
  return { ok: false, notice: `the model's final answer was invalid twice (${second.problem}); using the offline report` };
}
