// Failure classifications of executions (the learning loop's "why it failed"): one per execution, with
// the seed's six failure types, reasoning, confidence and who classified it (rules or a model).
import { z } from 'zod';
import { redact } from '../core/redact.js';
import { failureTypeSchema, type FailureType } from '../runbook/execution-result.js';
import { setExecutionFailureType } from './executions.js';
import { guard, type Db } from './open.js';

export const classificationSchema = z.object({
  execution_id: z.string(),
  failure_type: failureTypeSchema,
  reasoning: z.string(),
  confidence: z.number().min(0).max(1),
  /** rules | model */
  classified_by: z.string(),
  model: z.string().nullable(),
  evidence: z.array(z.string()),
  created_at: z.string(),
});
export type Classification = z.infer<typeof classificationSchema>;

export interface NewClassification {
  executionId: string;
  failureType: FailureType;
  reasoning: string;
  confidence: number;
  classifiedBy: string;
  model?: string | null;
  evidence?: string[];
}

/** Stores (or replaces) the classification and copies the type onto the execution's result. */
export function saveClassification(db: Db, c: NewClassification): Classification {
  const row = {
    execution_id: c.executionId,
    failure_type: c.failureType,
    reasoning: redact(c.reasoning),
    confidence: Math.min(1, Math.max(0, c.confidence)),
    classified_by: c.classifiedBy,
    model: c.model ?? null,
    evidence_json: JSON.stringify((c.evidence ?? []).map(redact)),
    created_at: new Date().toISOString(),
  };
  guard(db, () =>
    db
      .transaction(() => {
        db.prepare(
          `INSERT INTO failure_classifications (execution_id, failure_type, reasoning, confidence, classified_by, model, evidence_json, created_at)
           VALUES (@execution_id, @failure_type, @reasoning, @confidence, @classified_by, @model, @evidence_json, @created_at)
           ON CONFLICT (execution_id) DO UPDATE SET failure_type = excluded.failure_type, reasoning = excluded.reasoning,
             confidence = excluded.confidence, classified_by = excluded.classified_by, model = excluded.model,
             evidence_json = excluded.evidence_json, created_at = excluded.created_at`,
        ).run(row);
        setExecutionFailureType(db, c.executionId, c.failureType);
      })
      .immediate(),
  );
  return getClassification(db, c.executionId)!;
}

function parse(row: Record<string, unknown>): Classification {
  return classificationSchema.parse({ ...row, evidence: JSON.parse(String(row.evidence_json)), evidence_json: undefined });
}

export function getClassification(db: Db, executionId: string): Classification | null {
  const row = guard(db, () => db.prepare('SELECT * FROM failure_classifications WHERE execution_id = ?').get(executionId)) as Record<string, unknown> | undefined;
  return row ? parse(row) : null;
}

export function listClassifications(db: Db, opts: { runbookId?: string; limit?: number } = {}): Array<Classification & { runbook_id: string; runbook_version: number }> {
  const rows = guard(db, () =>
    db
      .prepare(
        `SELECT f.*, e.runbook_id, e.runbook_version FROM failure_classifications f JOIN executions e ON e.id = f.execution_id
         ${opts.runbookId ? 'WHERE e.runbook_id = @rb' : ''} ORDER BY f.created_at DESC LIMIT @limit`,
      )
      .all({ rb: opts.runbookId, limit: opts.limit ?? 100 }),
  ) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ ...parse(r), runbook_id: String(r.runbook_id), runbook_version: Number(r.runbook_version) }));
}
