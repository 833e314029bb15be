// View state of `runbook review`: the queue items as plain data, the selected one, a message line and
// a busy flag; the cli fills it, ReviewApp reads it through useSyncExternalStore and sends intents back.

export type DiffKind = 'header' | 'hunk' | 'same' | 'add' | 'del';

export interface ReviewItemView {
  /** The candidate's id as people type it: RB-X-v2. */
  id: string;
  runbookId: string;
  version: number;
  parentVersion: number | null;
  status: string;
  priority: string;
  createdAt: string;
  generatedBy: string;
  model: string | null;
  summary: string | null;
  notes: string | null;
  execution: {
    id: string;
    status: string;
    error: string | null;
    failingStep: string | null;
    stepError: string | null;
    stderr: string | null;
    stateBefore: Record<string, string>;
    stateAfter: Record<string, string>;
  } | null;
  classification: { type: string; reasoning: string; confidence: number; by: string } | null;
  diff: Array<{ kind: DiffKind; text: string }>;
  lint: string[];
}

export type ReviewIntent =
  | { type: 'approve'; id: string; notes: string | null }
  | { type: 'reject'; id: string; reason: string }
  | { type: 'changes'; id: string; notes: string }
  | { type: 'edit'; id: string }
  | { type: 'run'; id: string }
  | { type: 'quit' };

export interface ReviewState {
  reviewer: string;
  items: ReviewItemView[];
  index: number;
  message: { text: string; tone: 'info' | 'ok' | 'error' } | null;
  /** Set while an intent is being carried out (keys are ignored meanwhile). */
  busy: string | null;
}

export interface ReviewStore {
  get(): ReviewState;
  subscribe(fn: () => void): () => void;
  set(next: Partial<ReviewState>): void;
  move(delta: number): void;
}

export function createReviewStore(init: Pick<ReviewState, 'reviewer' | 'items'> & Partial<ReviewState>): ReviewStore {
  let state: ReviewState = { index: 0, message: null, busy: null, ...init };
  const listeners = new Set<() => void>();
  const set = (next: Partial<ReviewState>) => {
    state = { ...state, ...next };
    state.index = Math.max(0, Math.min(state.index, state.items.length - 1));
    for (const l of listeners) l();
  };
  return {
    get: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set,
    move: (delta) => set({ index: state.index + delta, message: null }),
  };
}
