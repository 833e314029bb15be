// Test helpers for the learning loop: failed ExecutionResults shaped like the executor's, a runbook
// parsed from YAML (failing loudly when it does not lint), and stores in memory or in a temp file.
import { onTestFinished } from 'vitest';
import { openStore, saveExecution, addVersion, type Db } from '../../src/store/index.js';
import { type ExecutionResult, type StepResult } from '../../src/runbook/execution-result.js';
import { runbookFrom } from '../runbook/helpers.js';

// Parsing a test runbook and temp dirs are the runbook tests' helpers; learn tests use them from here too.
export { runbookFrom, tempDir } from '../runbook/helpers.js';

export function memoryDb(): Db {
  const db = openStore(':memory:');
  onTestFinished(() => {
    db.close();
  });
  return db;
}

export function step(over: Partial<StepResult> & { step_id: string }): StepResult {
  return {
    step_number: 1, action: over.step_id, phase: 'step', kind: 'run', command: 'true', mutating: false,
    started_at: '2026-03-02T10:00:00.000Z', completed_at: '2026-03-02T10:00:01.000Z', duration_seconds: 1,
    exit_code: 0, signal: null, timed_out: false, attempts: 1, success: true, skipped: false, stdout: '', stderr: '',
    ...over,
  };
}

/** A failed run: `failing` is the step that failed (numbered after `ok` steps). */
export function failedRun(opts: { runbookId?: string; version?: number; ok?: StepResult[]; failing?: Partial<StepResult> & { step_id: string }; error?: string; params?: Record<string, string>; over?: Partial<ExecutionResult> }): ExecutionResult {
  const ok = (opts.ok ?? []).map((s, i) => ({ ...s, step_number: i + 1 }));
  const failing = opts.failing ? step({ exit_code: 1, success: false, ...opts.failing, step_number: ok.length + 1 }) : null;
  return {
    execution_id: `exec-20260302-100000-${Math.random().toString(16).slice(2, 10)}`, runbook_id: opts.runbookId ?? 'RB-T', runbook_version: opts.version ?? 1,
    incident_id: null, incident_type: null, client_id: null, evidence_bundle_id: null, hostname: 'web-7.prod.example.net', platform: 'linux', pid: 4242,
    started_at: '2026-03-02T10:00:00.000Z', completed_at: '2026-03-02T10:00:05.000Z', duration_seconds: 5,
    status: 'failure', success: false, dry_run: false, params: opts.params ?? {}, verification_passed: null, verification_method: null,
    verification_checks: [], confidence: 0, state_before: {}, state_after: {}, state_diff: {}, plan: [],
    executed_steps: failing ? [...ok, failing] : ok, rollback_steps: [], rolled_back: false,
    error_message: opts.error ?? (failing ? `step ${failing.step_id} failed: ${failing.error ?? 'exit code 1'}` : null),
    error_step: failing ? failing.step_number : null, retry_count: 0, failure_type: null, tags: [],
    ...opts.over,
  };
}

/** Stores the runbook as active v1 and the execution, as `runbook exec` would have. */
export function recorded(db: Db, yaml: string, r: ExecutionResult) {
  const rb = runbookFrom(yaml);
  const parent = addVersion(db, { runbookId: rb.id, yaml, status: 'active', generatedBy: 'file' });
  saveExecution(db, { ...r, runbook_id: rb.id, runbook_version: parent.version });
  return { rb, parent, result: { ...r, runbook_id: rb.id, runbook_version: parent.version } };
}
