// Follow-up questions kept with their investigation (`rca ask`, `rca --interactive`): question, answer,
// citations, model and time, redacted before they are written and zod-parsed when read back.
import { redact, redactValue } from '../core/redact.js';
import { followUpSchema, type FollowUp } from '../core/follow-up.js';
import { guard, type Db } from './open.js';
import { StoreError } from './errors.js';

export function saveFollowUp(db: Db, f: FollowUp): void {
  const clean = redactValue(f);
  guard(db, () =>
    db
      .prepare('INSERT INTO follow_ups (investigation_id, asked_at, question, model, follow_up_json) VALUES (?, ?, ?, ?, ?)')
      .run(f.investigation_id, f.asked_at, redact(f.question), f.model, JSON.stringify(clean)),
  );
}

/** The questions asked about one investigation, oldest first. */
export function listFollowUps(db: Db, investigationId: string): FollowUp[] {
  // A file of an older version opened read-only (`rca show`) has no such table yet: nothing was asked then.
  if (!hasTable(db)) return [];
  const rows = guard(db, () =>
    db.prepare('SELECT follow_up_json FROM follow_ups WHERE investigation_id = ? ORDER BY asked_at, id').all(investigationId),
  ) as Array<{ follow_up_json: string }>;
  return rows.map((r) => {
    let value: unknown;
    try {
      value = JSON.parse(r.follow_up_json);
    } catch {
      throw new StoreError(`follow-up of ${investigationId}: not valid JSON`);
    }
    const parsed = followUpSchema.safeParse(value);
    if (!parsed.success) throw new StoreError(`follow-up of ${investigationId} does not fit its schema: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

function hasTable(db: Db): boolean {
  const sql = db.engine === 'postgres' ? "SELECT to_regclass('follow_ups') IS NOT NULL AS ok" : "SELECT COUNT(*) > 0 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'follow_ups'";
  return Boolean((guard(db, () => db.prepare(sql).get()) as { ok: unknown }).ok);
}
