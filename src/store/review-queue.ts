// The review queue of candidate runbook versions: decisions as conditional UPDATEs (WHERE status =
// 'pending_review'), so of two reviewers acting on one item exactly one wins and the other is told.
import { z } from 'zod';
import { guard, type Db } from './open.js';
import { StoreError } from './errors.js';
import { CopilotError, EXIT } from '../core/errors.js';
import { getVersion, listByStatus, versionLabel, type RunbookVersion } from './runbook-versions.js';

export const REVIEW_ACTIONS = ['approve', 'reject', 'needs_changes', 'edit', 'run'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Status a version still under review may have: the queue holds both. */
export const REVIEWABLE = ['pending_review', 'needs_changes'] as const;

/** The item was decided already (by someone else, or earlier): exit 1, with who and when. */
export class ReviewConflictError extends CopilotError {
  constructor(
    message: string,
    public readonly current: RunbookVersion,
  ) {
    super(message, EXIT.failure, `see \`runbook show ${current.runbook_id}\`; only pending candidates can be reviewed`);
  }
}

export const reviewEventSchema = z.object({
  runbook_id: z.string(),
  version: z.number().int(),
  action: z.string(),
  reviewer: z.string(),
  notes: z.string().nullable(),
  created_at: z.string(),
});
export type ReviewEvent = z.infer<typeof reviewEventSchema>;

/** The queue: pending first (high priority, then oldest), then items sent back for changes. */
export function reviewQueue(db: Db): RunbookVersion[] {
  return [...listByStatus(db, 'pending_review'), ...listByStatus(db, 'needs_changes')];
}

function conflict(db: Db, runbookId: string, version: number, verb: string): never {
  const cur = getVersion(db, runbookId, version);
  if (!cur) throw new StoreError(`no version ${version} of runbook ${runbookId}`, 'see `runbook review --list`', EXIT.usage);
  const who = cur.reviewer ? ` by ${cur.reviewer}` : '';
  const when = cur.reviewed_at ? ` at ${cur.reviewed_at}` : '';
  throw new ReviewConflictError(`cannot ${verb} ${versionLabel(runbookId, version)}: it is already ${cur.status}${who}${when}`, cur);
}

function logEvent(db: Db, runbookId: string, version: number, action: ReviewAction, reviewer: string, notes: string | null, at: string): void {
  db.prepare('INSERT INTO review_events (runbook_id, version, action, reviewer, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    runbookId, version, action, reviewer, notes, at,
  );
}

export interface Decision {
  reviewer: string;
  notes?: string | null;
  /** For tests and replays; default now. */
  at?: string;
}

const STILL_REVIEWABLE = `status IN ('pending_review', 'needs_changes')`;

/**
 * Approves a candidate: it becomes active and the version active before it deprecated, in one IMMEDIATE
 * transaction guarded by the candidate's status, so a concurrent decision loses cleanly.
 */
export function approveCandidate(db: Db, runbookId: string, version: number, d: Decision): RunbookVersion {
  const at = d.at ?? new Date().toISOString();
  return guard(db, () =>
    db
      .transaction(() => {
        const won = db
          .prepare(
            `UPDATE runbook_versions SET status = 'active', reviewer = ?, notes = COALESCE(?, notes), reviewed_at = ?, updated_at = ?
             WHERE runbook_id = ? AND version = ? AND ${STILL_REVIEWABLE}`,
          )
          .run(d.reviewer, d.notes ?? null, at, at, runbookId, version);
        if (won.changes === 0) conflict(db, runbookId, version, 'approve');
        db.prepare("UPDATE runbook_versions SET status = 'deprecated', updated_at = ? WHERE runbook_id = ? AND status = 'active' AND version <> ?").run(at, runbookId, version);
        logEvent(db, runbookId, version, 'approve', d.reviewer, d.notes ?? null, at);
        return getVersion(db, runbookId, version)!;
      })
      .immediate(),
  );
}

/** Rejects (a reason is required) or sends back for changes (notes required); both guarded like approve. */
export function decideCandidate(db: Db, runbookId: string, version: number, action: 'reject' | 'needs_changes', d: Decision & { notes: string }): RunbookVersion {
  if (!d.notes.trim()) throw new StoreError(action === 'reject' ? 'a rejection needs a reason' : 'needs-changes needs notes', undefined, EXIT.usage);
  const at = d.at ?? new Date().toISOString();
  const status = action === 'reject' ? 'rejected' : 'needs_changes';
  // Sending back something already sent back is allowed (new notes); rejecting it is too.
  const guardSql = action === 'reject' ? STILL_REVIEWABLE : "status = 'pending_review'";
  return guard(db, () =>
    db
      .transaction(() => {
        const won = db
          .prepare(
            `UPDATE runbook_versions SET status = ?, reviewer = ?, notes = ?, reviewed_at = ?, updated_at = ?
             WHERE runbook_id = ? AND version = ? AND ${guardSql}`,
          )
          .run(status, d.reviewer, d.notes, at, at, runbookId, version);
        if (won.changes === 0) conflict(db, runbookId, version, action === 'reject' ? 'reject' : 'send back');
        logEvent(db, runbookId, version, action, d.reviewer, d.notes, at);
        return getVersion(db, runbookId, version)!;
      })
      .immediate(),
  );
}

/** Replaces a candidate's YAML after an edit in $EDITOR (it goes back to pending_review), guarded by status. */
export function reviseCandidate(db: Db, runbookId: string, version: number, yaml: string, hash: string, d: Decision): RunbookVersion {
  const at = d.at ?? new Date().toISOString();
  return guard(db, () =>
    db
      .transaction(() => {
        const won = db
          .prepare(
            `UPDATE runbook_versions SET yaml = ?, content_hash = ?, status = 'pending_review', updated_at = ?
             WHERE runbook_id = ? AND version = ? AND ${STILL_REVIEWABLE}`,
          )
          .run(yaml, hash, at, runbookId, version);
        if (won.changes === 0) conflict(db, runbookId, version, 'edit');
        logEvent(db, runbookId, version, 'edit', d.reviewer, d.notes ?? null, at);
        return getVersion(db, runbookId, version)!;
      })
      .immediate(),
  );
}

export function recordReviewEvent(db: Db, runbookId: string, version: number, action: ReviewAction, reviewer: string, notes: string | null = null): void {
  guard(db, () => logEvent(db, runbookId, version, action, reviewer, notes, new Date().toISOString()));
}

export function listReviewEvents(db: Db, runbookId: string, version?: number): ReviewEvent[] {
  const rows = guard(db, () =>
    version === undefined
      ? db.prepare('SELECT runbook_id, version, action, reviewer, notes, created_at FROM review_events WHERE runbook_id = ? ORDER BY id').all(runbookId)
      : db.prepare('SELECT runbook_id, version, action, reviewer, notes, created_at FROM review_events WHERE runbook_id = ? AND version = ? ORDER BY id').all(runbookId, version),
  );
  return rows.map((r) => reviewEventSchema.parse(r));
}
