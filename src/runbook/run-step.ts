// One runbook step with its retries and delay, turned into the stored StepResult: output bounded and
// redacted, exit code / signal / timeout kept, and the view later `when` conditions and templates read.
import { redact } from '../core/redact.js';
import type { StepResult } from './execution-result.js';
import { describeSpec, type RunContext } from './context.js';
import { runAction, type ActionOutcome, type RunOpts } from './run-action.js';
import type { Step } from './schema.js';
import { sleep } from './verify.js';

export const OUTPUT_CAP = 8 * 1024;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Keeps the head and the tail of long output (the end usually holds the error). */
export function bound(text: string, cap = OUTPUT_CAP): string {
  if (text.length <= cap) return text;
  const head = Math.floor(cap / 4);
  return `${text.slice(0, head)}\n... [${text.length - cap} characters cut] ...\n${text.slice(text.length - (cap - head))}`;
}

export interface StepRunOpts extends Omit<RunOpts, 'timeoutMs'> {
  stepNumber: number;
  phase: 'step' | 'rollback';
  onAttempt?: (attempt: number, outcome: ActionOutcome) => void;
}

export function skippedStep(step: Step, stepNumber: number, phase: 'step' | 'rollback', reason: string, command = ''): StepResult {
  const now = new Date().toISOString();
  return {
    step_number: stepNumber, step_id: step.id, action: step.id, description: step.description, phase, kind: step.action.kind,
    command, mutating: step.mutating, started_at: now, completed_at: now, duration_seconds: 0, exit_code: null, signal: null,
    timed_out: false, attempts: 0, success: true, skipped: true, skip_reason: reason, stdout: '', stderr: '',
  };
}

export async function runStep(ctx: RunContext, step: Step, opts: StepRunOpts): Promise<StepResult> {
  const started = new Date();
  let command = '';
  let outcome: ActionOutcome;
  let attempts = 0;
  try {
    const spec = ctx.spec(step.action);
    command = redact(describeSpec(spec));
    for (;;) {
      attempts++;
      outcome = await runAction(spec, { ...opts, timeoutMs: step.action.timeout ?? DEFAULT_TIMEOUT_MS, okExitCodes: step.ok_exit_codes });
      opts.onAttempt?.(attempts, outcome);
      if (outcome.ok || outcome.interrupted || attempts > step.retries) break;
      await sleep(step.retry_delay, opts.signal);
      if (opts.signal?.aborted) break;
    }
  } catch (err) {
    // A template without a value or a bad cwd: the step fails with the reason, the run goes on recording.
    attempts = Math.max(attempts, 1);
    outcome = { ok: false, exitCode: null, signal: null, timedOut: false, interrupted: false, stdout: '', stderr: '', error: (err as Error).message };
  }
  const done = new Date();
  const o = outcome!;
  const stdout = redact(bound(o.stdout));
  ctx.steps.set(step.id, {
    stdout: o.stdout,
    stderr: o.stderr,
    output: o.stdout.trim(),
    exit_code: o.exitCode,
    success: o.ok,
    skipped: false,
  });
  return {
    step_number: opts.stepNumber,
    step_id: step.id,
    action: step.id,
    description: step.description,
    phase: opts.phase,
    kind: step.action.kind,
    command,
    mutating: step.mutating,
    started_at: started.toISOString(),
    completed_at: done.toISOString(),
    duration_seconds: (done.getTime() - started.getTime()) / 1000,
    exit_code: o.exitCode,
    signal: o.signal,
    timed_out: o.timedOut,
    attempts,
    success: o.ok,
    skipped: false,
    stdout,
    stderr: redact(bound(o.stderr)),
    output: redact(o.stdout.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? ''),
    error: o.error ? redact(o.error) : undefined,
  };
}
