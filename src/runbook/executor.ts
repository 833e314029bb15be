// Runs a runbook: captures, steps with `when`, confirmation policy for mutating steps, verification with
// polling, rollback, and the ExecutionResult recorded before the first step and after every one.
import { hostname, platform } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ToolCaller } from '../core/tools.js';
import type { ExecutionResult, StepResult } from './execution-result.js';
import { captureState, stateDiff } from './capture.js';
import { evaluateCondition, parseCondition } from './condition.js';
import { describeSpec, RunContext } from './context.js';
import { redact } from '../core/redact.js';
import type { ActionOutcome } from './run-action.js';
import { runStep, skippedStep } from './run-step.js';
import type { Runbook, Step } from './schema.js';
import { runVerification, type CheckVerdict } from './verify.js';

export type ExecEvent =
  | { type: 'start'; result: ExecutionResult }
  | { type: 'capture'; phase: 'before' | 'after'; state: ExecutionResult['state_before'] }
  | { type: 'step_start'; step: Step; stepNumber: number; phase: 'step' | 'rollback' }
  | { type: 'output'; stepId: string; stream: 'stdout' | 'stderr'; chunk: string }
  | { type: 'attempt'; stepId: string; attempt: number; outcome: ActionOutcome }
  | { type: 'step_end'; step: StepResult }
  | { type: 'verify'; round: CheckVerdict[] }
  | { type: 'done'; result: ExecutionResult };

export interface ExecOptions {
  runbook: Runbook;
  version: number;
  params: Record<string, string>;
  /** Permission for every mutating step (--yes). */
  yes: boolean;
  dryRun?: boolean;
  /**
   * Asked before each mutating step when present (a person on a TTY); absent means refuse without `yes`.
   * `changed` says whether a mutating step already ran (an abort then rolls it back).
   */
  confirm?: (step: Step, at: ConfirmContext) => Promise<ConfirmDecision>;
  tools?: () => Promise<ToolCaller>;
  incidentId?: string | null;
  clientId?: string | null;
  /** The stored investigation (its evidence bundle) this run answers. */
  evidenceBundleId?: string | null;
  signal?: AbortSignal;
  onEvent?: (e: ExecEvent) => void;
  /** Persists the result; called at start (status running), after every step, and at the end. */
  record?: (r: ExecutionResult) => void;
  executionId?: string;
}

/** What a person decided at a mutating step: run it, skip it and go on, or stop the run. */
export type ConfirmDecision = 'run' | 'skip' | 'abort';

export interface ConfirmContext {
  phase: 'step' | 'rollback';
  /** A mutating step of this run already ran: stopping now leaves a change behind unless it is rolled back. */
  changed: boolean;
}

/** Why a step did not run because a person skipped it (kept in the result, read by the summary and learning). */
export const SKIPPED_BY_PERSON = 'skipped at the confirmation';

export function newExecutionId(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `exec-${stamp}-${randomBytes(4).toString('hex')}`;
}

function isoNow(): string {
  return new Date().toISOString();
}

function conditionHolds(step: Step, ctx: RunContext): boolean {
  return !step.when || evaluateCondition(parseCondition(step.when), (p) => ctx.lookup(p));
}

export async function executeRunbook(opts: ExecOptions): Promise<ExecutionResult> {
  const rb = opts.runbook;
  const ctx = new RunContext(rb, opts.params);
  const started = new Date();
  const r: ExecutionResult = {
    execution_id: opts.executionId ?? newExecutionId(started),
    runbook_id: rb.id, runbook_version: opts.version, runbook_title: rb.title,
    incident_id: opts.incidentId ?? null, incident_type: rb.incident_type ?? rb.match?.categories[0] ?? null,
    client_id: opts.clientId ?? null, hostname: hostname(), platform: platform(), pid: process.pid,
    started_at: started.toISOString(), completed_at: null, duration_seconds: 0,
    status: opts.dryRun ? 'dry_run' : 'running', success: false, dry_run: opts.dryRun === true, params: opts.params,
    verification_passed: null, verification_method: rb.verify ? rb.verify.method ?? verifyMethod(rb) : null, verification_checks: [],
    confidence: 0, state_before: {}, state_after: {}, state_diff: {},
    plan: rb.steps.map((s) => ({ step_id: s.id, mutating: s.mutating, will_run: true, command: planCommand(ctx, s) })),
    executed_steps: [], rollback_steps: [], rolled_back: false,
    error_message: null, error_step: null, retry_count: 0, failure_type: null, evidence_bundle_id: opts.evidenceBundleId ?? null, tags: rb.tags,
  };
  const emit = (e: ExecEvent) => opts.onEvent?.(e);
  const save = () => opts.record?.(structuredClone(r));
  const finish = (): ExecutionResult => {
    const done = new Date();
    r.completed_at = done.toISOString();
    r.duration_seconds = (done.getTime() - started.getTime()) / 1000;
    r.retry_count = [...r.executed_steps, ...r.rollback_steps].reduce((n, s) => n + Math.max(0, s.attempts - 1), 0);
    r.success = r.status === 'success' || r.status === 'partial';
    r.confidence = r.status === 'success' ? (r.verification_passed ? 0.95 : 0.7) : r.status === 'partial' ? 0.5 : 0;
    if (!r.dry_run) save();
    emit({ type: 'done', result: r });
    return r;
  };

  if (opts.dryRun) return dryRun(r, ctx, opts, finish);
  save();
  emit({ type: 'start', result: r });
  const runOpts = { signal: opts.signal, tools: opts.tools };
  r.state_before = await captureState(ctx, runOpts);
  ctx.state = { ...r.state_before };
  emit({ type: 'capture', phase: 'before', state: r.state_before });

  let mutated = false;
  let needRollback = false;
  let softFailure = false;
  let skippedByPerson = false;
  for (let i = 0; i < rb.steps.length; i++) {
    const step = rb.steps[i];
    const n = i + 1;
    if (opts.signal?.aborted) break;
    if (!conditionHolds(step, ctx)) {
      r.executed_steps.push(skippedStep(step, n, 'step', `when: ${step.when} is false`));
      ctx.steps.set(step.id, { stdout: '', stderr: '', output: '', exit_code: null, success: true, skipped: true });
      r.plan[i] = { ...r.plan[i], will_run: false, reason: 'condition false' };
      save();
      continue;
    }
    if (step.mutating && !opts.yes) {
      const decision = opts.confirm ? await opts.confirm(step, { phase: 'step', changed: mutated }) : 'abort';
      if (opts.signal?.aborted) break;
      if (decision === 'skip') {
        // Not run, so not successful: a rollback guarded by `steps.<id>.success` must not undo what never happened.
        r.executed_steps.push(skippedStep(step, n, 'step', SKIPPED_BY_PERSON));
        ctx.steps.set(step.id, { stdout: '', stderr: '', output: '', exit_code: null, success: false, skipped: true });
        r.plan[i] = { ...r.plan[i], will_run: false, reason: SKIPPED_BY_PERSON };
        skippedByPerson = true;
        save();
        continue;
      }
      if (decision === 'abort') {
        r.status = 'refused';
        r.error_step = n;
        r.error_message = !opts.confirm
          ? `step ${step.id} changes the system and needs --yes (or an interactive confirmation); stopped before it`
          : mutated
            ? `step ${step.id} declined: the run was stopped there and what it had changed is rolled back`
            : `step ${step.id} declined: nothing after it ran`;
        // A person who stops half-way gets the earlier changes undone, as a failure would.
        needRollback = mutated && opts.confirm !== undefined;
        for (let j = i; j < rb.steps.length; j++) r.plan[j] = { ...r.plan[j], will_run: false, reason: 'refused' };
        break;
      }
    }
    emit({ type: 'step_start', step, stepNumber: n, phase: 'step' });
    const res = await runStep(ctx, step, {
      ...runOpts, stepNumber: n, phase: 'step',
      onOutput: (stream, chunk) => emit({ type: 'output', stepId: step.id, stream, chunk }),
      onAttempt: (attempt, outcome) => emit({ type: 'attempt', stepId: step.id, attempt, outcome }),
    });
    r.executed_steps.push(res);
    if (step.mutating) mutated = true;
    emit({ type: 'step_end', step: res });
    if (opts.signal?.aborted) break;
    if (!res.success) {
      if (step.continue_on_error) {
        softFailure = true;
      } else {
        r.status = 'failure';
        r.error_step = n;
        r.error_message = `step ${step.id} failed: ${res.error ?? 'unknown error'}`;
        needRollback = mutated;
        for (let j = i + 1; j < rb.steps.length; j++) r.plan[j] = { ...r.plan[j], will_run: false, reason: 'an earlier step failed' };
        save();
        break;
      }
    }
    save();
  }

  if (opts.signal?.aborted) return interrupted(r, finish);
  if (r.status === 'running' && rb.verify) {
    const v = rb.verify;
    const out = await runVerification(ctx, v.checks, v.within, v.interval, { ...runOpts, onRound: (round) => emit({ type: 'verify', round }) });
    r.verification_passed = out.passed;
    r.verification_checks = out.checks;
    if (opts.signal?.aborted) return interrupted(r, finish);
    if (!out.passed) {
      r.status = 'failure';
      const bad = out.checks.find((c) => !c.passed);
      r.error_message = `verification failed${bad ? `: ${bad.name}: ${bad.detail}` : ''}`;
      needRollback = true;
    }
    save();
  }
  // A step a person skipped means the fix was not applied in full: partial, never success.
  if (r.status === 'running') r.status = softFailure || skippedByPerson ? 'partial' : 'success';

  if (needRollback && rb.rollback.length) {
    await runRollback(r, ctx, opts, emit, save);
    if (opts.signal?.aborted) return interrupted(r, finish);
  }
  if (r.status !== 'refused' || r.executed_steps.length > 0) {
    r.state_after = await captureState(ctx, runOpts);
    r.state_diff = stateDiff(r.state_before, r.state_after);
    emit({ type: 'capture', phase: 'after', state: r.state_after });
  }
  return finish();
}

/** The command a step will run, when it can be known before the run (templates over params only). */
export function planCommand(ctx: RunContext, step: Step): string | undefined {
  try {
    return redact(describeSpec(ctx.spec(step.action)));
  } catch {
    return undefined;
  }
}

function verifyMethod(rb: Runbook): string {
  const kinds = new Set(rb.verify!.checks.map((c) => (c.action.kind === 'tool' ? c.action.tool : 'command')));
  return [...kinds].join('+');
}

function interrupted(r: ExecutionResult, finish: () => ExecutionResult): ExecutionResult {
  r.status = 'interrupted';
  r.error_message = r.error_message ?? 'interrupted by the user (SIGINT)';
  return finish();
}

async function runRollback(r: ExecutionResult, ctx: RunContext, opts: ExecOptions, emit: (e: ExecEvent) => void, save: () => void): Promise<void> {
  r.rolled_back = true;
  const base = r.executed_steps.length;
  for (let i = 0; i < opts.runbook.rollback.length; i++) {
    const step = opts.runbook.rollback[i];
    const n = base + i + 1;
    if (opts.signal?.aborted) return;
    if (!conditionHolds(step, ctx)) {
      r.rollback_steps.push(skippedStep(step, n, 'rollback', `when: ${step.when} is false`));
      continue;
    }
    if (step.mutating && !opts.yes && !(opts.confirm && (await opts.confirm(step, { phase: 'rollback', changed: true })) === 'run')) {
      r.rollback_steps.push(skippedStep(step, n, 'rollback', 'not confirmed'));
      continue;
    }
    emit({ type: 'step_start', step, stepNumber: n, phase: 'rollback' });
    const res = await runStep(ctx, step, {
      signal: opts.signal, tools: opts.tools, stepNumber: n, phase: 'rollback',
      onOutput: (stream, chunk) => emit({ type: 'output', stepId: step.id, stream, chunk }),
    });
    r.rollback_steps.push(res);
    emit({ type: 'step_end', step: res });
    save();
  }
}

/** Resolves params, conditions and the plan; runs nothing. Conditions on step results are left open. */
async function dryRun(r: ExecutionResult, ctx: RunContext, opts: ExecOptions, finish: () => ExecutionResult): Promise<ExecutionResult> {
  opts.runbook.steps.forEach((step, i) => {
    let willRun = true;
    let reason: string | undefined;
    const command = planCommand(ctx, step);
    if (command === undefined) {
      reason = 'its command needs the results of earlier steps';
    }
    if (step.when) {
      const refsSteps = /\b(steps|state)\./.test(step.when);
      if (refsSteps) reason = `decided at run time: when ${step.when}`;
      else if (!conditionHolds(step, ctx)) {
        willRun = false;
        reason = 'condition false';
      }
    }
    if (willRun && step.mutating && !opts.yes) reason = reason ?? 'mutating: needs --yes or confirmation';
    r.plan[i] = { step_id: step.id, mutating: step.mutating, will_run: willRun, command, ...(reason ? { reason } : {}) };
  });
  r.status = 'dry_run';
  return finish();
}
