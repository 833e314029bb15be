// Every attempt to improve a runbook after a failure, including the ones that never reached the queue
// (a candidate that failed lint, a duplicate, a failure type that is not improvable), with the reason.
import { z } from 'zod';
import { guard, type Db } from './open.js';
import { redact } from '../core/redact.js';

export const ATTEMPT_OUTCOMES = ['queued', 'lint_failed', 'duplicate', 'already_pending', 'not_improvable', 'no_repair', 'unsafe'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const improvementAttemptSchema = z.object({
  id: z.number().int(),
  runbook_id: z.string(),
  parent_version: z.number().int(),
  execution_id: z.string().nullable(),
  failure_type: z.string().nullable(),
  generated_by: z.string(),
  model: z.string().nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  reason: z.string().nullable(),
  candidate_version: z.number().int().nullable(),
  yaml: z.string().nullable(),
  created_at: z.string(),
});
export type ImprovementAttempt = z.infer<typeof improvementAttemptSchema>;

export interface NewAttempt {
  runbookId: string;
  parentVersion: number;
  executionId: string | null;
  failureType: string | null;
  generatedBy: string;
  model?: string | null;
  outcome: AttemptOutcome;
  reason?: string | null;
  candidateVersion?: number | null;
  yaml?: string | null;
}

export function recordAttempt(db: Db, a: NewAttempt): ImprovementAttempt {
  return guard(db, () => {
    const info = db
      .prepare(
        `INSERT INTO improvement_attempts (runbook_id, parent_version, execution_id, failure_type, generated_by, model, outcome,
           reason, candidate_version, yaml, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.runbookId, a.parentVersion, a.executionId, a.failureType, a.generatedBy, a.model ?? null, a.outcome,
        a.reason ? redact(a.reason) : null, a.candidateVersion ?? null, a.yaml ?? null, new Date().toISOString(),
      );
    return improvementAttemptSchema.parse(db.prepare('SELECT * FROM improvement_attempts WHERE id = ?').get(info.lastInsertRowid));
  });
}

export function listAttempts(db: Db, opts: { runbookId?: string; executionId?: string; limit?: number } = {}): ImprovementAttempt[] {
  const where: string[] = [];
  if (opts.runbookId) where.push('runbook_id = @runbookId');
  if (opts.executionId) where.push('execution_id = @executionId');
  const rows = guard(db, () =>
    db
      .prepare(`SELECT * FROM improvement_attempts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`)
      .all({ runbookId: opts.runbookId, executionId: opts.executionId, limit: opts.limit ?? 100 }),
  );
  return rows.map((r) => improvementAttemptSchema.parse(r));
}
