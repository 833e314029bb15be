// View state of the live investigation: servers starting, each tool call with its duration, findings and
// notices as they come, then the rendered report and the offer to run the best runbook. Fed by events.
import type { InvestigationEvent } from '../../core/events.js';
import { serverOf } from '../../core/tools.js';

export interface ServerView {
  name: string;
  status: 'starting' | 'ready' | 'failed';
  tools: number;
  ms: number | null;
  error: string | null;
}

export interface CallView {
  id: string;
  tool: string;
  status: 'running' | 'ok' | 'failed';
  ms: number | null;
  bytes: number | null;
  /** A failed call's reason, in the server's words. */
  error?: string;
}

export interface RunbookOffer {
  id: string;
  title: string;
  score: number;
  /** The command line that will run, shown before the person answers. */
  command: string;
  /** The report's root cause and its confidence, shown with the offer so both are on screen together. */
  headline?: string;
  confidence?: number;
}

/** Per server, for the audit left in scrollback: calls made, how many failed, and the first failure's reason. */
export interface ServerCalls {
  calls: number;
  failed: number;
  firstError: string | null;
}

export interface InvestigationViewState {
  incident: string;
  servers: ServerView[];
  calls: CallView[];
  /** Calls finished and failed so far (the list above keeps only the latest on screen). */
  callsDone: number;
  callsFailed: number;
  byServer: Record<string, ServerCalls>;
  findings: Array<{ analyzer: string; summary: string; confidence: number }>;
  notices: string[];
  modelRounds: number;
  /** The model request streaming now: tokens so far and their rate; null when none is. */
  modelProgress: { round: number; tokens: number; seconds: number; tokensPerSecond: number | null } | null;
  /** The person pressed the stop key: the offline report will stand. */
  modelStopped: boolean;
  /** The report as text, once ready. */
  report: string | null;
  offer: RunbookOffer | null;
  /** The person's answer to the offer (null while undecided or without an offer). */
  answer: boolean | null;
  finished: boolean;
}

/** How many finished calls the view keeps on screen (all running ones are always shown). */
const MAX_CALLS = 14;

export function createInvestigationStore(incident: string) {
  let state: InvestigationViewState = {
    incident, servers: [], calls: [], callsDone: 0, callsFailed: 0, byServer: {}, findings: [], notices: [], modelRounds: 0, modelProgress: null, modelStopped: false, report: null, offer: null, answer: null, finished: false,
  };
  let resolveAnswer: ((ok: boolean) => void) | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Partial<InvestigationViewState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };
  const upsertServer = (name: string, fn: (s: ServerView) => ServerView) => {
    const existing = state.servers.find((s) => s.name === name);
    const base: ServerView = existing ?? { name, status: 'starting', tools: 0, ms: null, error: null };
    const updated = fn(base);
    set({ servers: existing ? state.servers.map((s) => (s.name === name ? updated : s)) : [...state.servers, updated] });
  };
  const trimCalls = (calls: CallView[]) => {
    const done = calls.filter((c) => c.status !== 'running');
    const drop = new Set(done.slice(0, Math.max(0, done.length - MAX_CALLS)).map((c) => c.id));
    return calls.filter((c) => !drop.has(c.id));
  };
  return {
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    get: () => state,
    /** The EventSink side: one investigation event in. */
    dispatch(e: InvestigationEvent) {
      switch (e.type) {
        case 'server_starting':
          upsertServer(e.server, (s) => ({ ...s, status: 'starting' }));
          break;
        case 'server_ready':
          upsertServer(e.server, (s) => ({ ...s, status: 'ready', tools: e.tools, ms: e.ms, error: null }));
          break;
        case 'server_failed':
          upsertServer(e.server, (s) => ({ ...s, status: 'failed', error: e.error }));
          break;
        case 'tool_call_started':
          set({ calls: trimCalls([...state.calls, { id: e.id, tool: e.tool, status: 'running', ms: null, bytes: null }]) });
          break;
        case 'tool_call_finished': {
          const known = state.calls.some((c) => c.id === e.id);
          const done: CallView = { id: e.id, tool: e.tool, status: e.ok ? 'ok' : 'failed', ms: e.ms, bytes: e.bytes, ...(e.error ? { error: e.error } : {}) };
          set({
            calls: trimCalls(known ? state.calls.map((c) => (c.id === e.id ? done : c)) : [...state.calls, done]),
            callsDone: state.callsDone + 1,
            callsFailed: state.callsFailed + (e.ok ? 0 : 1),
            byServer: countCall(state.byServer, e.tool, e.ok, e.error),
          });
          break;
        }
        case 'finding':
          set({ findings: [...state.findings, { analyzer: e.analyzer, summary: e.summary, confidence: e.confidence }] });
          break;
        case 'analyzer_failed':
          set({ notices: [...state.notices, `analyzer ${e.analyzer} failed: ${e.error}`] });
          break;
        case 'model_round':
          set({ modelRounds: e.round, modelProgress: null });
          break;
        case 'model_progress':
          set({ modelProgress: { round: e.round, tokens: e.tokens, seconds: Math.round(e.ms / 1000), tokensPerSecond: e.tokens_per_second } });
          break;
        case 'notice':
          set({ notices: [...state.notices, e.message] });
          break;
        case 'report_ready':
          break;
      }
    },
    /** The person stopped waiting for the model (the stop key). */
    stopModel() {
      set({ modelStopped: true, modelProgress: null });
    },
    showReport(text: string) {
      set({ report: text });
    },
    /** Shows the offer and resolves with the person's answer (false when the view closes unanswered). */
    offer(offer: RunbookOffer): Promise<boolean> {
      return new Promise((resolve) => {
        resolveAnswer = resolve;
        set({ offer, answer: null });
      });
    },
    answer(ok: boolean) {
      const r = resolveAnswer;
      resolveAnswer = null;
      if (!r) return;
      set({ answer: ok });
      r(ok);
    },
    finish() {
      if (resolveAnswer) this.answer(false);
      set({ finished: true });
    },
  };
}

export type InvestigationStore = ReturnType<typeof createInvestigationStore>;

function countCall(by: Record<string, ServerCalls>, tool: string, ok: boolean, error: string | undefined): Record<string, ServerCalls> {
  const server = serverOf(tool);
  const s = by[server] ?? { calls: 0, failed: 0, firstError: null };
  return { ...by, [server]: { calls: s.calls + 1, failed: s.failed + (ok ? 0 : 1), firstError: s.firstError ?? (ok ? null : (error ?? null)) } };
}
