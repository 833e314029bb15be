// Follow-up questions about a stored investigation, headless: `rca ask` asks one, `rca --interactive` many.
// With a model, the servers start once (on the first question) and the model answers with the read-only tools.
import type { EventSink } from '../core/events.js';
import type { FollowUp } from '../core/follow-up.js';
import type { Report } from '../core/report.js';
import type { LlmProvider } from '../llm/provider.js';
import { answerFromReport } from '../rca/answer.js';
import { saveFollowUp, type Db } from '../store/index.js';
import { loopLimitsOf, type ModelLimits, type SessionHub } from './session.js';

export interface FollowUpDeps {
  /** The model that answers; null answers from the stored evidence alone. */
  provider: LlmProvider | null;
  /** Starts the servers of the investigation's sources (only when a model is asked). */
  startHub(events: EventSink): Promise<SessionHub>;
  /** Where the exchange is kept; the session closes what it opens. */
  openStore(): Promise<Db>;
  now?: () => Date;
}

export interface FollowUpSession {
  /** Answers, stores and returns one question; a model failure falls back to the stored evidence, with a notice. */
  ask(question: string, signal?: AbortSignal): Promise<FollowUp>;
  close(): Promise<void>;
}

export function followUpSession(
  deps: FollowUpDeps,
  inv: { id: string; report: Report },
  opts: { limits: ModelLimits; modelTools?: 'relevant' | 'all' },
  sink: EventSink,
): FollowUpSession {
  let hub: Promise<SessionHub> | null = null;
  const earlier: Array<{ question: string; answer: string }> = [];
  const now = deps.now ?? (() => new Date());

  const fromStored = (question: string, notices: string[]): Omit<FollowUp, 'investigation_id' | 'asked_at' | 'question'> => {
    const a = answerFromReport(inv.report, question);
    return { kind: a.kind, answer: a.lines.join('\n'), citations: [], model: null, stats: { rounds: 0, tool_calls: 0, prompt_tokens: 0 }, notices };
  };

  const withModel = async (provider: LlmProvider, question: string, signal?: AbortSignal) => {
    hub ??= deps.startHub(sink);
    const h = await hub;
    const { askWithModel } = await import('../llm/ask.js');
    const r = await askWithModel({
      provider, question, report: inv.report, tools: h.listTools(), call: (t, a) => h.call(t, a), earlier,
      limits: loopLimitsOf(opts.limits), toolChoice: opts.modelTools, signal, onEvent: sink,
    });
    const stats = { rounds: r.rounds, tool_calls: r.toolCalls, prompt_tokens: r.promptTokens };
    if (!r.ok) {
      sink({ type: 'notice', message: r.notice });
      return { ...fromStored(question, [...r.notices, r.notice]), stats };
    }
    return { kind: 'model' as const, answer: r.answer, citations: r.citations, model: provider.label, stats, notices: r.notices };
  };

  return {
    async ask(question, signal) {
      const askedAt = now().toISOString();
      const answered = deps.provider ? await withModel(deps.provider, question, signal) : fromStored(question, []);
      const f: FollowUp = { investigation_id: inv.id, asked_at: askedAt, question, ...answered };
      earlier.push({ question, answer: f.answer });
      try {
        const db = await deps.openStore();
        try {
          saveFollowUp(db, f);
        } finally {
          db.close();
        }
      } catch (err) {
        // The answer is still worth printing: say it was not kept rather than lose it.
        const notice = `the answer was not stored: ${err instanceof Error ? err.message : String(err)}`;
        sink({ type: 'notice', message: notice });
        f.notices.push(notice);
      }
      return f;
    },
    async close() {
      if (hub) await (await hub).close();
    },
  };
}
