// The investigation's final answer: one request with structured output (format = a bounded JSON Schema of the verdict),
// repaired by code where it can be (clamped fields, closed JSON), validated with zod, one repair round, else a failure.
import { CATEGORIES, modelVerdictSchema, type ModelVerdict } from '../core/report.js';
import type { ChatMessage, ChatRequest, ChatResult } from './provider.js';
import { VERDICT_REQUEST } from './prompt.js';
import { parseModelJson, requestStructured, type StructuredOutcome } from './structured.js';
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

/** Parses the model's text as a verdict: tolerates a ```json fence and truncation, clamps what is out of bounds. */
export function parseVerdict(text: string): VerdictParse {
  const json = parseModelJson(text);
  if (!json.ok) return json;
  const { value, changes } = clampVerdict(json.value);
  const parsed = modelVerdictSchema.safeParse(value);
  if (parsed.success) return { ok: true, verdict: parsed.data, repairs: [...json.repairs, ...changes] };
  const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the verdict schema (${issues.join('; ')})` };
}

/**
 * Asks for the verdict, and once more with the problem when code could not repair the first answer.
 * `tools` are sent again (unused by a format request) so the server's prompt cache still matches.
 */
export function requestVerdict(
  send: (req: ChatRequest) => Promise<ChatResult>,
  conversation: ChatMessage[],
  tools?: ChatRequest['tools'],
): Promise<StructuredOutcome<ModelVerdict>> {
  return requestStructured(send, conversation, tools, {
    instruction: VERDICT_REQUEST,
    schema: VERDICT_JSON_SCHEMA,
    parse: (text) => {
      const p = parseVerdict(text);
      return p.ok ? { ok: true, value: p.verdict, repairs: p.repairs } : p;
    },
  });
}
