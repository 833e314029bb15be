// The words and the answer shape of a follow-up question: the question, the stored investigation and its
// evidence (citable by call_id), and a bounded JSON answer of claims, each with the quote that supports it.
import { z } from 'zod';
import type { Report } from '../core/report.js';
import { RULES, summarizeOfflineReport } from './prompt.js';
import { parseModelJson, type StructuredParse } from './structured.js';
import { markUntrusted } from './untrusted.js';

export const ASK_SYSTEM_PROMPT = [
  "You answer an engineer's follow-up question about a production incident that was already investigated, using the stored evidence and only the read-only tools offered.",
  ...RULES.map((r) => (r.startsWith('- Test the offline hypotheses') ? '- Call tools only for what the stored evidence does not show. Calls in one turn run in parallel. Never repeat a call with identical arguments.' : r)),
  '- Stored evidence lines start with their call_id too: cite them like tool results.',
].join('\n');

/** An earlier question of the same session and its answer, so "and before that?" has a referent. */
export interface EarlierExchange {
  question: string;
  answer: string;
}

const clip = (t: string, max: number) => (t.length <= max ? t : `${t.slice(0, max - 1)}…`);

/** Stored evidence lines sent with a question (about 80 tokens each). */
const STORED_EVIDENCE_LINES = 10;

/** Up to `n` items taken in turn from each call: one call's many signatures must not crowd out the git evidence. */
function spread<T extends { call_id: string }>(items: T[], n: number): T[] {
  const byCall = new Map<string, T[]>();
  for (const e of items) byCall.set(e.call_id, [...(byCall.get(e.call_id) ?? []), e]);
  const out: T[] = [];
  for (let i = 0; out.length < n && [...byCall.values()].some((l) => l.length > i); i++) {
    for (const list of byCall.values()) if (list[i] && out.length < n) out.push(list[i]);
  }
  return out;
}

export function askOpening(question: string, report: Report, earlier: EarlierExchange[] = []): string {
  const evidence = spread(report.evidence.filter((e) => e.verified !== false), STORED_EVIDENCE_LINES).map(
    (e) => `call_id=${e.call_id} ${e.tool}: ${clip(e.quote.replace(/\s+/g, ' '), 300)}`,
  );
  const lines = [
    `Question: ${question}`,
    '',
    ...(earlier.length ? ['Earlier in this session:', ...earlier.slice(-3).map((x) => `Q: ${clip(x.question, 200)}\nA: ${clip(x.answer, 300)}`), ''] : []),
    `The investigation of "${report.incident}" (stored; its conclusions, not facts):`,
    summarizeOfflineReport(report),
    '',
    'Stored evidence:',
    ...(evidence.length ? evidence : ['(none)']),
  ];
  // The summary and the quotes are log text: an injected line could hide there.
  return markUntrusted(lines.join('\n')).text;
}

export const ANSWER_REQUEST = [
  'Stop investigating now. Answer the question as JSON with: answer (at most three sentences, plain words; say so when',
  'the evidence does not settle it), claims [{statement, call_id, quote}]: each fact the answer rests on, citing a call_id',
  'of a tool result or a stored evidence line and a quote copied exactly from it.',
].join(' ');

export const ANSWER_BOUNDS = { answer: 600, statement: 300, quote: 300, callId: 80, claims: 6 } as const;

/** The grammar bounds every string and the list, so a rambling model is cut by the grammar, not the context. */
export const ANSWER_JSON_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    answer: { type: 'string', maxLength: ANSWER_BOUNDS.answer },
    claims: {
      type: 'array',
      maxItems: ANSWER_BOUNDS.claims,
      items: {
        type: 'object',
        properties: {
          statement: { type: 'string', maxLength: ANSWER_BOUNDS.statement },
          call_id: { type: 'string', maxLength: ANSWER_BOUNDS.callId },
          quote: { type: 'string', maxLength: ANSWER_BOUNDS.quote },
        },
        required: ['statement', 'call_id', 'quote'],
        additionalProperties: false,
      },
    },
  },
  required: ['answer', 'claims'],
  additionalProperties: false,
};

const cut = (max: number) => z.string().transform((s) => clip(s.trim(), max));

export const modelAnswerSchema = z.object({
  answer: cut(ANSWER_BOUNDS.answer).refine((s) => s.length > 0, 'the answer is empty'),
  claims: z
    .array(z.object({ statement: cut(ANSWER_BOUNDS.statement), call_id: cut(ANSWER_BOUNDS.callId), quote: cut(ANSWER_BOUNDS.quote) }))
    .default([])
    .transform((c) => c.slice(0, ANSWER_BOUNDS.claims)),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

/** The model's text as an answer: a fence or cut-off JSON is repaired by code, long fields are cut, extra claims dropped. */
export function parseAnswer(text: string): StructuredParse<ModelAnswer> {
  const json = parseModelJson(text);
  if (!json.ok) return json;
  const parsed = modelAnswerSchema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data, repairs: json.repairs };
  const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the answer schema (${issues.join('; ')})` };
}
