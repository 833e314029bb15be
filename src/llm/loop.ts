// The bounded tool-calling investigation: read-only tools only, round and call limits, repeats refused,
// outputs cut to a token budget, one round's calls in parallel, everything sent redacted and counted.
import type { ModelVerdict } from '../core/report.js';
import { redact, redactValue } from '../core/redact.js';
import type { ToolCallOutcome, ToolSpec } from '../core/tools.js';
import { ignoreEvents, type EventSink } from '../core/events.js';
import { decideCall, type CallDecision, type GuardState } from './call-guard.js';
import { PromptBudget } from './budget.js';
import { openingMessage, refusalMessage, systemPrompt, toolResultMessage } from './prompt.js';
import { ProviderError, type ChatMessage, type ChatRequest, type ChatResult, type LlmProvider } from './provider.js';
import { readableOutput } from './readable-output.js';
import { toolCallsInText } from './text-tool-calls.js';
import { cutToTokens } from './tokens.js';
import { buildToolOffer, isOfferable } from './tool-offer.js';
import { relevantTools, type ToolChoice } from './tool-relevance.js';
import { markUntrusted } from './untrusted.js';
import type { StructuredOutcome } from './structured.js';
import { requestVerdict } from './verdict.js';

export interface LoopLimits {
  /** Tool-calling rounds (model requests that offer tools); the verdict and its repair come on top. */
  maxRounds: number;
  /** Tool calls executed over the whole investigation. */
  maxToolCalls: number;
  /** Each tool output is cut to about this many tokens before it is sent. */
  toolOutputTokens: number;
  /** Prompt tokens the server reads over the whole investigation (prefix once, then what each round adds). */
  promptTokenBudget: number;
  /** Malformed calls (unknown tool, bad arguments) tolerated before the model is given up on. */
  maxMalformedCalls: number;
}

export const DEFAULT_LIMITS: LoopLimits = {
  maxRounds: 8,
  maxToolCalls: 16,
  toolOutputTokens: 600,
  promptTokenBudget: 8_000,
  maxMalformedCalls: 3,
};

/** Kept free for the verdict request (its instruction) and a repair round's message. */
const VERDICT_RESERVE_TOKENS = 250;
/** Per future round: the model's call echoed back and the result's framing, before any output. */
const ROUND_OVERHEAD_TOKENS = 60;
/** An output cut below this says nothing; the round is not worth making. */
const MIN_OUTPUT_TOKENS = 120;

/** Calls a tool by its qualified name; the hub (or a test double) implements it. */
export type ToolCallFn = (tool: string, args: Record<string, unknown>) => Promise<ToolCallOutcome>;

/** What the tool rounds share between an investigation and a follow-up question. */
export interface ToolLoopInput {
  provider: LlmProvider;
  /** Every tool the hub lists; only read-only ones may be called, and the relevant ones are offered. */
  tools: ToolSpec[];
  /** Categories of the hypotheses under test: which tools are offered ('all' offers every read-only one). */
  focus?: string[];
  toolChoice?: ToolChoice;
  /** A person stopped waiting for the model. */
  signal?: AbortSignal;
  call: ToolCallFn;
  limits?: Partial<LoopLimits>;
  onEvent?: EventSink;
  /** Prefix of the loop's call ids (unique within the investigation). */
  idPrefix?: string;
  now?: () => number;
  /** What the caller falls back to, named in a failure's notice ("using the offline report"). */
  fallback?: string;
}

export interface LoopInput extends ToolLoopInput {
  incident: string;
  /** The offline findings as text or JSON: hypotheses to test. */
  hypotheses: string;
}

/**
 * The conversation's opening (system rules naming the tools left undescribed, then the task) and its end:
 * one structured answer asked for with the same tools, so the server's cached prefix still matches.
 */
export interface LoopTask<T> {
  /** What the structured answer is called in notices ("verdict"). */
  name: string;
  opening(unlisted: string[]): ChatMessage[];
  conclude(send: (req: ChatRequest) => Promise<ChatResult>, messages: ChatMessage[], tools: ChatRequest['tools']): Promise<StructuredOutcome<T>>;
}

/** One executed call as the model saw it; `sentText` is what grounding checks quotes against. */
export interface LoopCall {
  /** The id the model saw and cites (llm-N: short and replayable). */
  id: string;
  /** The id the caller gave the outcome (the hub's audit id); the report uses it. */
  outcomeId: string;
  tool: string;
  args: Record<string, unknown>;
  ok: boolean;
  ms: number;
  sentText: string;
  /** Redacted but uncut output: read by code (commit details), never sent. */
  fullText: string;
  cut: boolean;
}

interface LoopStats {
  calls: LoopCall[];
  /** Model requests made (tool rounds + verdict + repair). */
  rounds: number;
  /** Estimated prompt tokens the server read: the prefix once, then what each request added. */
  promptTokens: number;
  /** The same requests re-read from scratch (no prefix cache): the reference figure. */
  rereadTokens: number;
  /** Sum of what the server reported (prompt_eval_count), when it reported it. */
  reportedPromptTokens: number | null;
  notices: string[];
  refusals: number;
}

export type ToolLoopResult<T> =
  | ({ ok: true; value: T; repaired: boolean } & LoopStats)
  | ({ ok: false; notice: string } & LoopStats);

export type LoopResult =
  | ({ ok: true; verdict: ModelVerdict; repaired: boolean } & LoopStats)
  | ({ ok: false; notice: string } & LoopStats);

/** Redacts everything that leaves the process towards the model. */
export function redactRequest(req: ChatRequest): ChatRequest {
  return {
    ...req,
    messages: req.messages.map((m) => ({
      ...m,
      content: redact(m.content),
      ...(m.tool_calls ? { tool_calls: m.tool_calls.map((c) => ({ function: { name: c.function.name, arguments: redactValue(c.function.arguments) } })) } : {}),
    })),
    ...(req.tools ? { tools: req.tools.map((t) => ({ ...t, function: { ...t.function, description: redact(t.function.description) } })) } : {}),
  };
}

/** The investigation: test the offline hypotheses, then a verdict. */
export async function runInvestigationLoop(input: LoopInput): Promise<LoopResult> {
  const res = await runToolLoop(input, {
    name: 'verdict',
    opening: (unlisted) => [
      { role: 'system', content: systemPrompt(unlisted) },
      { role: 'user', content: openingMessage(input.incident, input.hypotheses) },
    ],
    conclude: requestVerdict,
  });
  if (!res.ok) return res;
  const { value, ...rest } = res;
  return { ...rest, verdict: value };
}

/** The bounded tool rounds of any task, then the task's structured answer. */
export async function runToolLoop<T>(input: ToolLoopInput, task: LoopTask<T>): Promise<ToolLoopResult<T>> {
  const limits = { ...DEFAULT_LIMITS, ...input.limits };
  const emit = input.onEvent ?? ignoreEvents;
  const now = input.now ?? (() => performance.now());
  const idPrefix = input.idPrefix ?? 'llm-';
  const offer = buildToolOffer(input.tools, relevantTools(input.tools.filter(isOfferable), input.focus ?? [], input.toolChoice));
  const budget = new PromptBudget(limits.promptTokenBudget);
  const stats: LoopStats = { calls: [], rounds: 0, promptTokens: 0, rereadTokens: 0, reportedPromptTokens: null, notices: [], refusals: 0 };
  const note = (message: string) => {
    stats.notices.push(message);
    emit({ type: 'notice', message });
  };

  const send = async (req: ChatRequest): Promise<ChatResult> => {
    budget.record(req, req.messages);
    stats.promptTokens = budget.used;
    stats.rereadTokens = budget.reread;
    stats.rounds += 1;
    const round = stats.rounds;
    const res = await input.provider.chat({
      ...redactRequest(req),
      signal: input.signal,
      onProgress: (p) => emit({ type: 'model_progress', round, tokens: p.tokens, ms: p.ms, tokens_per_second: p.tokensPerSecond }),
    });
    if (res.stopped === 'repetition') note(`the model repeated itself in request ${round}; its answer was cut there`);
    if (res.promptTokens !== null) stats.reportedPromptTokens = (stats.reportedPromptTokens ?? 0) + res.promptTokens;
    return res;
  };

  const fallback = input.fallback ?? 'using the offline report';
  const messages: ChatMessage[] = task.opening(offer.unlisted);
  const guard: GuardState = { offered: offer.offered, mutating: offer.mutating, seen: new Map(), callsMade: 0, maxToolCalls: limits.maxToolCalls };
  let malformed = 0;
  // Rounds in a row where nothing ran (every call refused): a model stuck repeating itself.
  let idleRounds = 0;
  const fail = (notice: string): ToolLoopResult<T> => ({ ok: false, notice, ...stats });

  try {
    let round = 0;
    for (;;) {
      if (round >= limits.maxRounds) {
        note(`model investigation stopped at the round limit (${limits.maxRounds})`);
        break;
      }
      if (offer.tools.length === 0) break;
      // Afford the next round only if one useful output and the verdict still fit after it.
      const next = budget.added({ messages, tools: offer.tools });
      if (round > 0 && next + ROUND_OVERHEAD_TOKENS + MIN_OUTPUT_TOKENS + VERDICT_RESERVE_TOKENS > budget.remaining()) {
        note(`model investigation stopped at the prompt-token budget (${limits.promptTokenBudget}, limits.prompt_tokens)`);
        break;
      }
      round += 1;
      const res = await send({ messages, tools: offer.tools });
      let requested = res.message.tool_calls ?? [];
      if (requested.length === 0) {
        requested = toolCallsInText(res.message.content, new Set([...offer.offered, ...offer.mutating]));
        if (requested.length) note(`the model wrote ${requested.length} tool call(s) as text; they were read as calls`);
      }
      const ids = new Map<CallDecision, string>();
      const decisions: CallDecision[] = requested.map((c) => {
        const d = decideCall(c, guard);
        if (d.run) {
          guard.callsMade += 1;
          ids.set(d, `${idPrefix}${guard.callsMade}`);
          guard.seen.set(d.key, `${idPrefix}${guard.callsMade}`);
        }
        return d;
      });
      // Echo the assistant turn with normalised arguments, so the transcript stays valid for the server.
      messages.push({
        role: 'assistant',
        content: res.message.content.slice(0, 4000),
        ...(decisions.length ? { tool_calls: decisions.map((d) => ({ function: { name: d.name, arguments: d.args } })) } : {}),
      });
      emit({ type: 'model_round', round, tool_calls: decisions.filter((d) => d.run).length });
      if (decisions.length === 0) break;

      // Each output gets an equal share of what the remaining rounds and the verdict leave, up to its cap.
      const runs = decisions.filter((d) => d.run).length;
      const roundsLeft = Math.max(0, limits.maxRounds - round);
      const room = budget.remaining() - VERDICT_RESERVE_TOKENS - ROUND_OVERHEAD_TOKENS * (roundsLeft + runs);
      const share = Math.min(limits.toolOutputTokens, Math.max(MIN_OUTPUT_TOKENS, Math.floor(room / Math.max(1, runs))));
      const results = await Promise.all(
        decisions.map(async (d): Promise<ChatMessage> => {
          if (!d.run) {
            stats.refusals += 1;
            if (d.kind === 'malformed') malformed += 1;
            if (d.kind === 'malformed' || d.kind === 'mutating') note(`model tool call refused: ${d.reason.split(';')[0]}`);
            return { role: 'tool', tool_name: d.name, content: refusalMessage(d.reason) };
          }
          const id = ids.get(d) ?? `${idPrefix}?`;
          const call = await runOne(input.call, d.name, d.args, now);
          const fullText = redact(call.text);
          // Reshaped before redaction: the redactor reads the compact JSON, and its output is what is sent.
          const { text: within, cut } = cutToTokens(redact(readableOutput(d.name, call.text)), share);
          const text = markUntrusted(within).text;
          stats.calls.push({ id, outcomeId: call.id ?? id, tool: d.name, args: d.args, ok: call.ok, ms: call.ms, sentText: text, fullText, cut });
          return { role: 'tool', tool_name: d.name, content: toolResultMessage(id, call.ok, text) };
        }),
      );
      messages.push(...results);
      if (malformed > limits.maxMalformedCalls) {
        return fail(`the model made ${malformed} malformed tool calls; ${fallback}`);
      }
      if (guard.callsMade >= limits.maxToolCalls) {
        note(`model investigation stopped at the tool-call limit (${limits.maxToolCalls})`);
        break;
      }
      idleRounds = runs === 0 ? idleRounds + 1 : 0;
      if (idleRounds >= 2) {
        note('model investigation stopped: two rounds in a row asked only for calls that were refused');
        break;
      }
    }
    stats.calls.sort((a, b) => Number(a.id.slice(idPrefix.length)) - Number(b.id.slice(idPrefix.length)));
    // The same tools as every round: the server's cached prefix still matches.
    const answer = await task.conclude(send, messages, offer.tools);
    if (!answer.ok) return fail(`${answer.notice}; ${fallback}`);
    if (answer.repairs.length) note(`the model's ${task.name} was repaired by code: ${answer.repairs.join('; ')}`);
    return { ok: true, value: answer.value, repaired: answer.repaired, ...stats };
  } catch (err) {
    if (err instanceof ProviderError) return fail(`${err.message}; ${fallback}`);
    return fail(`model investigation failed (${err instanceof Error ? err.message : String(err)}); ${fallback}`);
  }
}

async function runOne(call: ToolCallFn, tool: string, args: Record<string, unknown>, now: () => number): Promise<{ id?: string; ok: boolean; text: string; ms: number }> {
  const start = now();
  try {
    const out = await call(tool, args);
    return { id: out.id || undefined, ok: out.ok, text: out.text, ms: out.ms ?? Math.round(now() - start) };
  } catch (err) {
    // A failing tool is a result the model can read, not a crash (the Gemini CLI habit).
    return { ok: false, text: `tool failed: ${err instanceof Error ? err.message : String(err)}`, ms: Math.round(now() - start) };
  }
}
