// Read-only queries behind `runbook stats`: review decisions, candidates per week, the queue by status
// and priority; success rates per version come from executions.ts (successRates).
import { guard, type Db } from './open.js';

/** A version that came out of the learning loop (not a file or an import). */
const CANDIDATE = "(failed_execution_id IS NOT NULL OR generated_by IN ('rules', 'model'))";

export interface ReviewCounts {
  candidates: number;
  approved: number;
  rejected: number;
  needs_changes: number;
  pending: number;
}

export function reviewCounts(db: Db): ReviewCounts {
  const row = guard(db, () =>
    db
      .prepare(
        `SELECT COUNT(*) AS candidates,
           COALESCE(SUM(status IN ('active', 'deprecated') AND reviewed_at IS NOT NULL), 0) AS approved,
           COALESCE(SUM(status = 'rejected'), 0) AS rejected,
           COALESCE(SUM(status = 'needs_changes'), 0) AS needs_changes,
           COALESCE(SUM(status = 'pending_review'), 0) AS pending
         FROM runbook_versions WHERE ${CANDIDATE}`,
      )
      .get(),
  ) as Record<string, number>;
  return {
    candidates: row.candidates, approved: row.approved, rejected: row.rejected, needs_changes: row.needs_changes, pending: row.pending,
  };
}

/** Candidates created per ISO-like week (Monday start, "2026-W46"), oldest first. */
export function candidatesPerWeek(db: Db, sinceIso: string): Array<{ week: string; count: number }> {
  return guard(db, () =>
    db
      .prepare(
        `SELECT strftime('%Y-W%W', created_at) AS week, COUNT(*) AS count FROM runbook_versions
         WHERE ${CANDIDATE} AND created_at >= ? GROUP BY week ORDER BY week`,
      )
      .all(sinceIso),
  ) as Array<{ week: string; count: number }>;
}

export interface QueueCell {
  status: string;
  priority: string;
  count: number;
  oldest: string;
}

/** Candidates by status and priority with the oldest creation time of each cell. */
export function queueByStatus(db: Db): QueueCell[] {
  return guard(db, () =>
    db
      .prepare(
        `SELECT status, priority, COUNT(*) AS count, MIN(created_at) AS oldest FROM runbook_versions
         WHERE ${CANDIDATE} GROUP BY status, priority ORDER BY status, priority`,
      )
      .all(),
  ) as QueueCell[];
}

/** Each version's parent, for comparing a newer version's success rate with the one it replaced. */
export function versionParents(db: Db): Array<{ runbook_id: string; version: number; parent_version: number | null; status: string }> {
  return guard(db, () => db.prepare('SELECT runbook_id, version, parent_version, status FROM runbook_versions ORDER BY runbook_id, version').all()) as Array<{
    runbook_id: string; version: number; parent_version: number | null; status: string;
  }>;
}
