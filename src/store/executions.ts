// Runbook executions: one row per run, inserted as `running` before the first step and rewritten after
// every step in short transactions; summary columns keep history and per-version success rates indexed.
import { z } from 'zod';
import { redactValue } from '../core/redact.js';
import { executionResultSchema, type ExecutionResult } from '../runbook/execution-result.js';
import { guard, type Db } from './open.js';
import { StoreError } from './errors.js';

function params(r: ExecutionResult) {
  return {
    id: r.execution_id,
    runbook_id: r.runbook_id,
    runbook_version: r.runbook_version,
    status: r.status,
    success: r.status === 'success' || r.status === 'partial' ? 1 : 0,
    verification_passed: r.verification_passed === null ? null : r.verification_passed ? 1 : 0,
    started_at: r.started_at,
    completed_at: r.completed_at,
    duration_ms: Math.round(r.duration_seconds * 1000),
    incident_id: r.incident_id,
    pid: r.pid ?? null,
    hostname: r.hostname,
    error_message: r.error_message,
    error_step: r.error_step,
    result_json: JSON.stringify(redactValue(r)),
    updated_at: new Date().toISOString(),
  };
}

/** Inserts or rewrites an execution (secrets redacted first). */
export function saveExecution(db: Db, result: ExecutionResult): void {
  guard(db, () =>
    db
      .prepare(
        `INSERT INTO executions (id, runbook_id, runbook_version, status, success, verification_passed, started_at, completed_at,
           duration_ms, incident_id, pid, hostname, error_message, error_step, result_json, updated_at)
         VALUES (@id, @runbook_id, @runbook_version, @status, @success, @verification_passed, @started_at, @completed_at,
           @duration_ms, @incident_id, @pid, @hostname, @error_message, @error_step, @result_json, @updated_at)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, success = excluded.success,
           verification_passed = excluded.verification_passed, completed_at = excluded.completed_at,
           duration_ms = excluded.duration_ms, error_message = excluded.error_message, error_step = excluded.error_step,
           result_json = excluded.result_json, updated_at = excluded.updated_at`,
      )
      .run(params(result)),
  );
}

function parseResult(json: string, id: string): ExecutionResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StoreError(`execution ${id}: stored result is not JSON`);
  }
  const parsed = executionResultSchema.safeParse(raw);
  if (!parsed.success) throw new StoreError(`execution ${id}: stored result does not fit the schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function getExecution(db: Db, id: string): ExecutionResult | null {
  const row = guard(db, () => db.prepare('SELECT result_json FROM executions WHERE id = ?').get(id)) as { result_json: string } | undefined;
  return row ? parseResult(row.result_json, id) : null;
}

export const executionSummarySchema = z.object({
  execution_id: z.string(),
  runbook_id: z.string(),
  runbook_version: z.number().int(),
  status: z.string(),
  success: z.coerce.boolean(),
  verification_passed: z.union([z.null(), z.coerce.boolean()]),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  incident_id: z.string().nullable(),
  hostname: z.string().nullable(),
  error_message: z.string().nullable(),
  error_step: z.number().nullable(),
});
export type ExecutionSummary = z.infer<typeof executionSummarySchema>;

export interface HistoryQuery {
  runbookId?: string;
  limit?: number;
  /** Only rows started before this ISO time (keyset paging). */
  before?: string;
}

/** Newest first; uses the (runbook_id, started_at) index so it stays fast with millions of rows. */
export function listExecutions(db: Db, q: HistoryQuery = {}): ExecutionSummary[] {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: q.limit ?? 50 };
  if (q.runbookId) {
    where.push('runbook_id = @runbook_id');
    args.runbook_id = q.runbookId;
  }
  if (q.before) {
    where.push('started_at < @before');
    args.before = q.before;
  }
  const sql = `SELECT id AS execution_id, runbook_id, runbook_version, status, success, verification_passed, started_at,
      completed_at, duration_ms, incident_id, hostname, error_message, error_step
    FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT @limit`;
  const rows = guard(db, () => db.prepare(sql).all(args));
  return rows.map((r) => executionSummarySchema.parse(r));
}

export const versionRateSchema = z.object({
  runbook_id: z.string(),
  runbook_version: z.number().int(),
  total: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  /** successes / finished runs (running, refused and dry runs excluded); null when nothing finished. */
  success_rate: z.number().nullable(),
});
export type VersionRate = z.infer<typeof versionRateSchema>;

const FINISHED_OK = new Set(['success', 'partial']);
const FINISHED_FAILED = new Set(['failure', 'interrupted']);

/**
 * Success rate per version of one runbook (or of all runbooks). A plain COUNT(*) per (runbook, version, status)
 * walks the covering (runbook_id, runbook_version, status) index with no per-row CASE (half the time of summing
 * CASEs over a million rows on both engines); the few status groups are folded here.
 */
export function successRates(db: Db, runbookId?: string): VersionRate[] {
  const sql = `SELECT runbook_id, runbook_version, status, COUNT(*) AS n FROM executions ${runbookId ? 'WHERE runbook_id = ?' : ''}
      GROUP BY runbook_id, runbook_version, status`;
  const rows = guard(db, () => (runbookId ? db.prepare(sql).all(runbookId) : db.prepare(sql).all())) as Array<{
    runbook_id: string; runbook_version: number; status: string; n: number;
  }>;
  const byVersion = new Map<string, { runbook_id: string; runbook_version: number; successes: number; failures: number }>();
  for (const r of rows) {
    const key = `${r.runbook_id}\u0000${r.runbook_version}`;
    let v = byVersion.get(key);
    if (!v) byVersion.set(key, (v = { runbook_id: r.runbook_id, runbook_version: Number(r.runbook_version), successes: 0, failures: 0 }));
    if (FINISHED_OK.has(r.status)) v.successes += Number(r.n);
    else if (FINISHED_FAILED.has(r.status)) v.failures += Number(r.n);
  }
  // Sorted here with the same order both engines' ORDER BY gave (byte order of the id, then the version).
  const ordered = [...byVersion.values()].sort((a, b) =>
    a.runbook_id === b.runbook_id ? a.runbook_version - b.runbook_version : a.runbook_id < b.runbook_id ? -1 : 1,
  );
  return ordered.map((v) => {
    const total = v.successes + v.failures;
    return versionRateSchema.parse({ ...v, total, success_rate: total > 0 ? v.successes / total : null });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks rows left `running` by a process of this host that no longer exists as interrupted; returns their ids.
 * Rows of other hosts are left alone: we cannot tell whether their process lives.
 */
export function markInterrupted(db: Db, hostname: string, isAlive: (pid: number) => boolean = pidAlive): string[] {
  const rows = guard(db, () =>
    db.prepare("SELECT id, pid, hostname FROM executions WHERE status = 'running'").all(),
  ) as Array<{ id: string; pid: number | null; hostname: string | null }>;
  const dead = rows.filter((r) => r.hostname === hostname && r.pid !== null && r.pid !== process.pid && !isAlive(r.pid));
  if (dead.length === 0) return [];
  const now = new Date().toISOString();
  const json =
    db.engine === 'postgres'
      ? `(result_json::jsonb || jsonb_build_object('status', 'interrupted', 'success', false, 'error_message',
           COALESCE(NULLIF(result_json::jsonb -> 'error_message', 'null'::jsonb), to_jsonb(@msg::text))))::text`
      : `json_set(result_json, '$.status', 'interrupted', '$.success', json('false'),
           '$.error_message', COALESCE(json_extract(result_json, '$.error_message'), @msg))`;
  const update = db.prepare(
    `UPDATE executions SET status = 'interrupted', success = 0, updated_at = @now,
       error_message = COALESCE(error_message, @msg), result_json = ${json}
     WHERE id = @id AND status = 'running'`,
  );
  guard(db, () =>
    db.transaction(() => {
      for (const r of dead) update.run({ id: r.id, now, msg: `interrupted: process ${r.pid} ended without recording a result` });
    }).immediate(),
  );
  return dead.map((r) => r.id);
}

/** Stores the failure type on the execution row's JSON as well, so the ExecutionResult read back carries it. */
export function setExecutionFailureType(db: Db, executionId: string, failureType: string | null): void {
  guard(db, () =>
    db
      .prepare(
        db.engine === 'postgres'
          ? "UPDATE executions SET result_json = jsonb_set(result_json::jsonb, '{failure_type}', to_jsonb(?::text))::text, updated_at = ? WHERE id = ?"
          : "UPDATE executions SET result_json = json_set(result_json, '$.failure_type', ?), updated_at = ? WHERE id = ?",
      )
      .run(failureType, new Date().toISOString(), executionId),
  );
}

/** Failed or interrupted runs of a runbook (any version): repeated failures raise a candidate's priority. */
export function countFailedExecutions(db: Db, runbookId: string): number {
  return (guard(db, () => db.prepare("SELECT COUNT(*) AS n FROM executions WHERE runbook_id = ? AND status IN ('failure', 'interrupted')").get(runbookId)) as { n: number }).n;
}

export function countExecutions(db: Db): number {
  return (guard(db, () => db.prepare('SELECT COUNT(*) AS n FROM executions').get()) as { n: number }).n;
}
