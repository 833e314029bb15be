// View state of an interactive runbook run: the plan, each step's status, timing and last output lines,
// and the pending confirmation; fed by executor events, read by ExecApp through useSyncExternalStore.
import type { ConfirmContext, ConfirmDecision, ExecEvent } from '../../runbook/executor.js';

export interface PlanItem {
  id: string;
  description: string;
  mutating: boolean;
  command: string;
}

export interface StepView {
  id: string;
  phase: 'step' | 'rollback';
  status: 'running' | 'ok' | 'failed' | 'skipped';
  seconds: number | null;
  lines: string[];
  error?: string;
  attempts: number;
}

export interface ExecViewState {
  title: string;
  plan: PlanItem[];
  dryRun: boolean;
  steps: StepView[];
  /** The pending confirmation; `declined` once the person said no and is choosing skip / abort / run. */
  question: ({ stepId: string; text: string; declined: boolean } & ConfirmContext) | null;
  verify: Array<{ name: string; passed: boolean; detail: string }>;
  status: string | null;
  error: string | null;
  finished: boolean;
}

const MAX_LINES = 6;

export function createExecStore(init: { title: string; plan: PlanItem[]; dryRun: boolean }) {
  let state: ExecViewState = { ...init, steps: [], question: null, verify: [], status: null, error: null, finished: false };
  let answer: ((d: ConfirmDecision) => void) | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Partial<ExecViewState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };
  const updateStep = (id: string, fn: (s: StepView) => StepView) => set({ steps: state.steps.map((s) => (s.id === id ? fn(s) : s)) });
  return {
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get: () => state,
    dispatch(e: ExecEvent) {
      switch (e.type) {
        case 'step_start':
          set({ steps: [...state.steps, { id: e.step.id, phase: e.phase, status: 'running', seconds: null, lines: [], attempts: 1 }] });
          break;
        case 'output': {
          const lines = e.chunk.split('\n').filter((l) => l.trim() !== '');
          updateStep(e.stepId, (s) => ({ ...s, lines: [...s.lines, ...lines].slice(-MAX_LINES) }));
          break;
        }
        case 'attempt':
          updateStep(e.stepId, (s) => ({ ...s, attempts: e.attempt }));
          break;
        case 'step_end':
          if (e.step.skipped) break;
          updateStep(e.step.step_id, (s) => ({ ...s, status: e.step.success ? 'ok' : 'failed', seconds: e.step.duration_seconds, error: e.step.error }));
          break;
        case 'verify':
          set({ verify: e.round.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail })) });
          break;
        case 'done':
          set({ status: e.result.status, error: e.result.error_message });
          break;
        default:
          break;
      }
    },
    /** Shows the confirmation and resolves with the person's decision. */
    ask(stepId: string, text: string, at: ConfirmContext = { phase: 'step', changed: false }): Promise<ConfirmDecision> {
      return new Promise((resolve) => {
        answer = resolve;
        set({ question: { stepId, text, declined: false, ...at } });
      });
    },
    /** "no" to a step offers the choice of skipping it, stopping the run, or running it after all. */
    decline() {
      if (!state.question) return;
      // A rollback step has nothing after it to protect: no means skip it.
      if (state.question.phase === 'rollback') return this.answer('skip');
      set({ question: { ...state.question, declined: true } });
    },
    answer(d: ConfirmDecision) {
      const a = answer;
      answer = null;
      set({ question: null });
      a?.(d);
    },
    finish() {
      if (answer) this.answer('abort');
      set({ finished: true });
    },
  };
}

export type ExecStore = ReturnType<typeof createExecStore>;
