// Builds the plain view of each queue item the TUI and `review --list --json` show: the candidate, its
// failed execution, the classification and the diff from its parent, read from the store.
import { lintProblems } from '../../learn/review-actions.js';
import { unifiedDiff } from '../../learn/line-diff.js';
import { getClassification, getExecution, getVersion, reviewQueue, versionLabel, type Db, type RunbookVersion } from '../../store/index.js';
import { type ExecutionResult } from '../../runbook/execution-result.js';
import type { ReviewItemView } from '../../tui/review/review-store.js';

const asText = (state: ExecutionResult['state_before']) => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v === null ? 'null' : String(v)]));
const lastLines = (s: string, n = 3) => s.trimEnd().split('\n').slice(-n).join(' ⏎ ').slice(0, 400);

export function itemView(db: Db, v: RunbookVersion): ReviewItemView {
  const parent = v.parent_version !== null ? getVersion(db, v.runbook_id, v.parent_version) : null;
  let exec: ExecutionResult | null = null;
  try {
    exec = v.failed_execution_id ? getExecution(db, v.failed_execution_id) : null;
  } catch {
    exec = null;
  }
  const failing = exec ? exec.executed_steps.find((s) => s.step_number === exec!.error_step) ?? exec.executed_steps.find((s) => !s.success && !s.skipped) : undefined;
  const c = v.failed_execution_id ? getClassification(db, v.failed_execution_id) : null;
  return {
    id: versionLabel(v.runbook_id, v.version),
    runbookId: v.runbook_id,
    version: v.version,
    parentVersion: v.parent_version,
    status: v.status,
    priority: v.priority,
    createdAt: v.created_at,
    generatedBy: v.generated_by,
    model: v.model,
    summary: v.status === 'needs_changes' ? null : v.notes,
    notes: v.notes,
    execution: exec
      ? {
          id: exec.execution_id, status: exec.status, error: exec.error_message, failingStep: failing?.step_id ?? null,
          stepError: failing?.error ?? null, stderr: failing?.stderr ? lastLines(failing.stderr) : null,
          stateBefore: asText(exec.state_before), stateAfter: asText(exec.state_after),
        }
      : null,
    classification: c ? { type: c.failure_type, reasoning: c.reasoning, confidence: c.confidence, by: c.model ? `${c.classified_by} ${c.model}` : c.classified_by } : null,
    diff: unifiedDiff(parent?.yaml ?? '', v.yaml, { from: versionLabel(v.runbook_id, v.parent_version ?? 0), to: versionLabel(v.runbook_id, v.version) }),
    lint: lintProblems(v),
  };
}

export function queueView(db: Db): ReviewItemView[] {
  return reviewQueue(db).map((v) => itemView(db, v));
}

/** One line per queue item, for `runbook queue` and `runbook review --list` (and review off a terminal). */
export function queueText(items: ReviewItemView[]): string {
  if (items.length === 0) return 'nothing waits for review\n';
  return items
    .map((i) => {
      const type = i.classification?.type ?? i.execution?.status ?? (i.generatedBy === 'import' ? 'imported draft' : '-');
      const lint = i.lint.length ? '  (does not lint)' : '';
      return `${i.priority === 'high' ? 'HIGH  ' : i.priority.padEnd(6)}  ${i.id.padEnd(28)} ${i.status.padEnd(14)} ${type.padEnd(22)} ${i.createdAt}  ${i.summary ?? i.notes ?? ''}${lint}`;
    })
    .join('\n')
    .concat('\n');
}
