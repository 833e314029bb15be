// Read-only queries behind `runbook stats`: review decisions, candidates per week, the queue by status
// and priority; success rates per version come from executions.ts (successRates).
import { guard, type Db } from './open.js';
import { weekLabel } from './dialect.js';

/**
 * A version a person reviews: one the learning loop proposed, an imported draft, or anything that waits in
 * (or went through) the review queue, so the counts and the Queue section describe the same rows.
 */
const CANDIDATE =
  "(failed_execution_id IS NOT NULL OR generated_by IN ('rules', 'model', 'import') OR status IN ('pending_review', 'needs_changes', 'rejected'))";
/** What still waits for a person: the rows of `runbook review` / `runbook queue`. */
const WAITING = "status IN ('pending_review', 'needs_changes')";

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
           COALESCE(SUM(CASE WHEN status IN ('active', 'deprecated') AND reviewed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS approved,
           COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0) AS rejected,
           COALESCE(SUM(CASE WHEN status = 'needs_changes' THEN 1 ELSE 0 END), 0) AS needs_changes,
           COALESCE(SUM(CASE WHEN status = 'pending_review' THEN 1 ELSE 0 END), 0) AS pending
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
  const rows = guard(db, () =>
    db.prepare(`SELECT created_at FROM runbook_versions WHERE ${CANDIDATE} AND created_at >= ? ORDER BY created_at`).all(sinceIso),
  ) as Array<{ created_at: string }>;
  // Grouped here rather than with strftime so both engines label weeks identically.
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(weekLabel(r.created_at), (counts.get(weekLabel(r.created_at)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([week, count]) => ({ week, count }));
}

export interface QueueCell {
  status: string;
  priority: string;
  count: number;
  oldest: string;
}

/** What waits for review, by status and priority, with the oldest creation time of each cell (decided items are not queued). */
export function queueByStatus(db: Db): QueueCell[] {
  return guard(db, () =>
    db
      .prepare(
        `SELECT status, priority, COUNT(*) AS count, MIN(created_at) AS oldest FROM runbook_versions
         WHERE ${WAITING} GROUP BY status, priority
         ORDER BY status DESC, CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END`,
      )
      .all(),
  ) as QueueCell[];
}

/** Each version's parent, for comparing a newer version's success rate with the one it replaced. */
export function versionParents(db: Db, runbookId?: string): Array<{ runbook_id: string; version: number; parent_version: number | null; status: string }> {
  const sql = `SELECT runbook_id, version, parent_version, status FROM runbook_versions ${runbookId ? 'WHERE runbook_id = ?' : ''} ORDER BY runbook_id, version`;
  return guard(db, () => (runbookId ? db.prepare(sql).all(runbookId) : db.prepare(sql).all())) as Array<{
    runbook_id: string; version: number; parent_version: number | null; status: string;
  }>;
}
