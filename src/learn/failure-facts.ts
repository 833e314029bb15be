// The facts a failed execution offers for classification, pulled out once so every rule (and the
// model prompt) reads the same small record instead of digging through the ExecutionResult.
import type { ExecutionResult, StepResult } from '../runbook/execution-result.js';
import type { Runbook } from '../runbook/schema.js';

export interface IncidentView {
  category: string;
  service: string | null;
  confidence: number;
}

export interface FailureFacts {
  status: ExecutionResult['status'];
  failingStep: (Pick<StepResult, 'step_id' | 'kind' | 'mutating' | 'command' | 'exit_code' | 'signal' | 'timed_out'> & { index: number; description?: string }) | null;
  /** error message, the failing step's error, stderr and stdout tails, one string the rules search. */
  text: string;
  allStepsSucceeded: boolean;
  verificationFailed: boolean;
  verificationDetail: string | null;
  /** A mutating step succeeded before the failure (the system was already changed). */
  mutatedBefore: boolean;
  /** A mutating step of the runbook comes after the failing one (so the failing one was a precondition). */
  mutatingAfter: boolean;
  /** Hosts and services the runbook itself manages: its match.services and the values of its params. */
  managed: string[];
  match: { categories: string[]; services: string[] } | null;
  incident: IncidentView | null;
}

const tail = (s: string, n: number) => (s.length > n ? s.slice(-n) : s);
/** Long output keeps both ends: many programs state the error first and print usage or a stack after it. */
const ends = (s: string, head: number, end: number) => (s.length > head + end ? `${s.slice(0, head)}\n...\n${s.slice(-end)}` : s);

export function failureFacts(r: ExecutionResult, rb: Runbook | null, incident: IncidentView | null = null): FailureFacts {
  const steps = r.executed_steps.filter((s) => s.phase === 'step');
  const failing = (r.error_step !== null ? steps.find((s) => s.step_number === r.error_step && !s.success) : undefined) ?? steps.find((s) => !s.success && !s.skipped) ?? null;
  const index = failing ? (rb?.steps.findIndex((s) => s.id === failing.step_id) ?? -1) : -1;
  const verificationFailed = r.verification_passed === false;
  const badCheck = r.verification_checks.find((c) => !c.passed);
  const text = [r.error_message ?? '', failing?.error ?? '', ends(failing?.stderr ?? '', 1000, 2000), tail(failing?.stdout ?? '', 1000), badCheck?.detail ?? '']
    .filter(Boolean)
    .join('\n');
  const before = failing ? steps.filter((s) => s.step_number < failing.step_number) : steps;
  return {
    status: r.status,
    failingStep: failing
      ? {
          step_id: failing.step_id, kind: failing.kind, mutating: failing.mutating, command: failing.command, exit_code: failing.exit_code,
          signal: failing.signal, timed_out: failing.timed_out, index, description: failing.description,
        }
      : null,
    text,
    allStepsSucceeded: steps.length > 0 && steps.every((s) => s.success || s.skipped) && !failing,
    verificationFailed,
    verificationDetail: badCheck ? `${badCheck.name}: ${badCheck.detail}` : null,
    mutatedBefore: before.some((s) => s.mutating && s.success && !s.skipped),
    mutatingAfter: rb !== null && index >= 0 && rb.steps.slice(index + 1).some((s) => s.mutating),
    managed: [...(rb?.match?.services ?? []), ...Object.values(r.params)].filter((v) => v.length >= 2).map((v) => v.toLowerCase()),
    match: rb?.match ? { categories: rb.match.categories, services: rb.match.services } : null,
    incident,
  };
}
