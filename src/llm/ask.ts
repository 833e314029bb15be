// A follow-up question answered by the model: the stored investigation and its evidence, the same bounded
// read-only tool rounds as an investigation, then claims whose quotes code checks; unverified ones are left out.
import type { EventSink } from '../core/events.js';
import type { Citation } from '../core/follow-up.js';
import type { Report } from '../core/report.js';
import type { ToolSpec } from '../core/tools.js';
import { ANSWER_JSON_SCHEMA, ANSWER_REQUEST, ASK_SYSTEM_PROMPT, askOpening, parseAnswer, type EarlierExchange, type ModelAnswer } from './ask-prompt.js';
import { checkCitation, type CallRecord } from './grounding.js';
import { runToolLoop, type LoopLimits, type ToolCallFn } from './loop.js';
import { systemPrompt } from './prompt.js';
import type { LlmProvider } from './provider.js';
import { requestStructured } from './structured.js';
import type { ToolChoice } from './tool-relevance.js';

export interface AskInput {
  provider: LlmProvider;
  question: string;
  /** The stored investigation's report: its conclusions and its evidence (citable by call_id). */
  report: Report;
  /** Every tool the hub lists; only read-only ones are offered or callable. */
  tools: ToolSpec[];
  call: ToolCallFn;
  earlier?: EarlierExchange[];
  limits?: Partial<LoopLimits>;
  toolChoice?: ToolChoice;
  signal?: AbortSignal;
  onEvent?: EventSink;
}

export type AskResult =
  | { ok: true; answer: string; citations: Citation[]; rounds: number; toolCalls: number; promptTokens: number; notices: string[] }
  | { ok: false; notice: string; rounds: number; toolCalls: number; promptTokens: number; notices: string[] };

const FALLBACK = 'answering from the stored evidence';

export async function askWithModel(input: AskInput): Promise<AskResult> {
  const check = await input.provider.check();
  if (!check.ok) return { ok: false, notice: `${check.notice}; ${FALLBACK}`, rounds: 0, toolCalls: 0, promptTokens: 0, notices: [] };
  const loop = await runToolLoop(
    {
      provider: input.provider, tools: input.tools, call: input.call, limits: input.limits, toolChoice: input.toolChoice,
      signal: input.signal, onEvent: input.onEvent, idPrefix: 'q-', fallback: FALLBACK,
      focus: [input.report.root_cause.category, ...(input.report.hypotheses ?? []).map((h) => h.category)],
    },
    {
      name: 'answer',
      opening: (unlisted) => [
        { role: 'system', content: systemPrompt(unlisted, ASK_SYSTEM_PROMPT) },
        { role: 'user', content: askOpening(input.question, input.report, input.earlier) },
      ],
      conclude: (send, messages, tools) => requestStructured(send, messages, tools, { instruction: ANSWER_REQUEST, schema: ANSWER_JSON_SCHEMA, parse: parseAnswer }),
    },
  );
  const stats = { rounds: loop.rounds, toolCalls: loop.calls.length, promptTokens: loop.promptTokens, notices: loop.notices };
  if (!loop.ok) return { ok: false, notice: loop.notice, ...stats };
  const records = [...loop.calls.map((c) => ({ id: c.id, tool: c.tool, text: c.sentText })), ...storedRecords(input.report)];
  return { ok: true, ...groundAnswer(loop.value, records), ...stats };
}

/** The stored evidence as calls the answer may cite: its quotes (the tool output the investigation kept), per call id. */
export function storedRecords(report: Report): CallRecord[] {
  const byId = new Map<string, CallRecord>();
  for (const e of report.evidence.filter((x) => x.verified !== false)) {
    const r = byId.get(e.call_id);
    byId.set(e.call_id, { id: e.call_id, tool: e.tool, text: r ? `${r.text}\n${e.quote}` : e.quote });
  }
  return [...byId.values()];
}

/**
 * Each claim is checked as report evidence is (the quote occurs in the output of the call it names and is not
 * orders to a model). With no verified claim the answer is marked unconfirmed, as an unverified verdict is.
 */
export function groundAnswer(answer: ModelAnswer, records: CallRecord[]): { answer: string; citations: Citation[] } {
  const byId = new Map(records.map((r) => [r.id, r]));
  const citations: Citation[] = answer.claims.map((c) => {
    const check = checkCitation(c.call_id, c.quote, byId);
    return { claim: c.statement, call_id: check.citedId, tool: check.call?.tool ?? 'unknown', quote: c.quote, verified: check.verified, why: check.why };
  });
  const verified = citations.some((c) => c.verified);
  const text = verified || /^unconfirmed:/i.test(answer.answer) ? answer.answer : `Unconfirmed: ${answer.answer}`;
  return { answer: text, citations };
}
