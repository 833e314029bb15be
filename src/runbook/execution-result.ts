// The ExecutionResult: one runbook run's telemetry (after the seed's execution_result_example.json).
// The executor builds it, `runbook exec --json` prints it, the store keeps it and parses it back with zod.
import { z } from 'zod';

export const EXECUTION_STATUSES = ['running', 'success', 'failure', 'partial', 'interrupted', 'refused', 'dry_run'] as const;
export const executionStatusSchema = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;

export const FAILURE_TYPES = [
  'wrong_diagnosis',
  'wrong_runbook',
  'runbook_insufficient',
  'environment_difference',
  'external_dependency',
  'permission_denied',
  /** No rule recognised the failure: the raw signal is kept for a person instead of a guess shown as a finding. */
  'unclassified',
] as const;
export const failureTypeSchema = z.enum(FAILURE_TYPES);
export type FailureType = z.infer<typeof failureTypeSchema>;

const stateValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const stepResultSchema = z.object({
  step_number: z.number().int(),
  step_id: z.string(),
  /** The step id again, under the seed's name for it. */
  action: z.string(),
  description: z.string().optional(),
  phase: z.enum(['step', 'rollback']),
  kind: z.enum(['run', 'tool']),
  /** The argv (or shell script) or the tool name and arguments, redacted. */
  command: z.string(),
  mutating: z.boolean(),
  started_at: z.string(),
  completed_at: z.string(),
  duration_seconds: z.number(),
  exit_code: z.number().int().nullable(),
  signal: z.string().nullable(),
  timed_out: z.boolean(),
  attempts: z.number().int(),
  success: z.boolean(),
  skipped: z.boolean(),
  skip_reason: z.string().optional(),
  stdout: z.string(),
  stderr: z.string(),
  output: z.string().optional(),
  error: z.string().optional(),
});
export type StepResult = z.infer<typeof stepResultSchema>;

export const verificationCheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  attempts: z.number().int(),
  detail: z.string(),
});

export const executionResultSchema = z.object({
  execution_id: z.string(),
  runbook_id: z.string(),
  runbook_version: z.number().int(),
  runbook_title: z.string().optional(),
  incident_id: z.string().nullable(),
  incident_type: z.string().nullable(),
  /** The customer or site the run was for (the seed's client_id); --client or INCIDENT_COPILOT_CLIENT. */
  client_id: z.string().nullable().default(null),
  hostname: z.string(),
  platform: z.string(),
  pid: z.number().int().optional(),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  duration_seconds: z.number(),
  status: executionStatusSchema,
  success: z.boolean(),
  dry_run: z.boolean(),
  params: z.record(z.string(), z.string()),
  verification_passed: z.boolean().nullable(),
  verification_method: z.string().nullable(),
  verification_checks: z.array(verificationCheckSchema).default([]),
  confidence: z.number().min(0).max(1),
  state_before: z.record(z.string(), stateValue),
  state_after: z.record(z.string(), stateValue),
  state_diff: z.record(z.string(), z.string()),
  /** Planned steps that did not run (refused, dry run, stopped by a failure). */
  plan: z
    .array(z.object({ step_id: z.string(), mutating: z.boolean(), will_run: z.boolean(), command: z.string().optional(), reason: z.string().optional() }))
    .default([]),
  executed_steps: z.array(stepResultSchema),
  rollback_steps: z.array(stepResultSchema).default([]),
  rolled_back: z.boolean().default(false),
  error_message: z.string().nullable(),
  error_step: z.number().int().nullable(),
  retry_count: z.number().int(),
  failure_type: failureTypeSchema.nullable().default(null),
  /** The stored investigation whose evidence led to this run (when --incident names one). */
  evidence_bundle_id: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
});
export type ExecutionResult = z.infer<typeof executionResultSchema>;
