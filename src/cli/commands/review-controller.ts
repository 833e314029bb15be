// Carries out the review screen's intents against the store and puts the outcome back into the view:
// decisions (a lost race becomes a message, not a crash), edits through $EDITOR with lint, runs.
import { CopilotError, errorMessage } from '../../core/errors.js';
import { applyEdit, approve, findCandidate, reject, requestChanges } from '../../learn/review-actions.js';
import type { Db } from '../../store/index.js';
import type { ExecutionResult } from '../../runbook/execution-result.js';
import type { ReviewIntent, ReviewStore } from '../../tui/review/review-store.js';
import type { EditorResult } from './review-editor.js';
import { queueView } from './review-view.js';

export interface ControllerDeps {
  db: Db;
  store: ReviewStore;
  reviewer: string;
  /** Opens the text in an editor (the command suspends the screen around it). */
  edit: (text: string, name: string) => Promise<EditorResult>;
  run: (label: string) => Promise<ExecutionResult>;
  quit: () => void;
}

export function createReviewController(d: ControllerDeps): (intent: ReviewIntent) => Promise<void> {
  const refresh = (message: NonNullable<ReturnType<ReviewStore['get']>['message']>, keepId?: string) => {
    const items = queueView(d.db);
    const at = keepId ? items.findIndex((i) => i.id === keepId) : -1;
    d.store.set({ items, index: at >= 0 ? at : d.store.get().index, message, busy: null });
  };
  const fail = (err: unknown) => refresh({ text: err instanceof CopilotError ? err.message : `error: ${errorMessage(err)}`, tone: 'error' });

  return async (intent) => {
    try {
      switch (intent.type) {
        case 'quit':
          return d.quit();
        case 'approve': {
          const v = approve(d.db, intent.id, d.reviewer, intent.notes);
          const note = intent.notes ? ` (note: ${intent.notes})` : '';
          return refresh({ text: `approved ${intent.id}: v${v.version} is now the active version of ${v.runbook_id}${v.parent_version ? `, v${v.parent_version} deprecated` : ''}${note}`, tone: 'ok' });
        }
        case 'reject':
          reject(d.db, intent.id, d.reviewer, intent.reason);
          return refresh({ text: `rejected ${intent.id}: ${intent.reason}`, tone: 'ok' });
        case 'changes':
          requestChanges(d.db, intent.id, d.reviewer, intent.notes);
          return refresh({ text: `${intent.id} sent back for changes: ${intent.notes}`, tone: 'ok' }, intent.id);
        case 'edit': {
          const v = findCandidate(d.db, intent.id);
          const edited = await d.edit(v.yaml, intent.id);
          if (!edited.ok) return refresh({ text: edited.message, tone: 'error' }, intent.id);
          const out = applyEdit(d.db, intent.id, edited.text, d.reviewer);
          if (!out.ok) return refresh({ text: `the edit does not lint, nothing changed:\n${out.problems.join('\n')}`, tone: 'error' }, intent.id);
          return refresh({ text: out.changed ? `${intent.id} edited and linted; it waits for review again` : 'no change', tone: out.changed ? 'ok' : 'info' }, intent.id);
        }
        case 'run': {
          d.store.set({ busy: `running ${intent.id}`, message: null });
          const r = await d.run(intent.id);
          const tone = r.status === 'success' ? 'ok' : 'error';
          return refresh({ text: `run of ${intent.id}: ${r.status}${r.error_message ? ` (${r.error_message})` : ''} · ${r.execution_id}`, tone }, intent.id);
        }
      }
    } catch (err) {
      fail(err);
    }
  };
}
