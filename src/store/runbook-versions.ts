// Runbook versions: the YAML text of every version with its lineage (parent, the failed execution, failure
// type, who or what generated it) and review status; exactly one version per runbook is active at a time.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { guard, type Db } from './open.js';
import { StoreError } from './errors.js';
import { failureTypeSchema } from '../runbook/execution-result.js';
import type { VersionSource } from '../runbook/catalog.js';
import { versionLabel } from '../runbook/version-label.js';

export const VERSION_STATUSES = ['active', 'deprecated', 'pending_review', 'rejected', 'needs_changes'] as const;
export const versionStatusSchema = z.enum(VERSION_STATUSES);
export type VersionStatus = z.infer<typeof versionStatusSchema>;
export const PRIORITIES = ['high', 'normal', 'low'] as const;

export const runbookVersionSchema = z.object({
  runbook_id: z.string(),
  version: z.number().int().positive(),
  yaml: z.string(),
  status: versionStatusSchema,
  parent_version: z.number().int().nullable(),
  failed_execution_id: z.string().nullable(),
  failure_type: failureTypeSchema.nullable(),
  /** file | import | rules | model | human */
  generated_by: z.string(),
  model: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  reviewer: z.string().nullable(),
  notes: z.string().nullable(),
  source_path: z.string().nullable(),
  content_hash: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  reviewed_at: z.string().nullable(),
});
export type RunbookVersion = z.infer<typeof runbookVersionSchema>;

export interface NewVersion {
  runbookId: string;
  yaml: string;
  status: VersionStatus;
  generatedBy: string;
  parentVersion?: number | null;
  failedExecutionId?: string | null;
  failureType?: z.infer<typeof failureTypeSchema> | null;
  model?: string | null;
  priority?: (typeof PRIORITIES)[number];
  notes?: string | null;
  sourcePath?: string | null;
}

export function contentHash(yaml: string): string {
  return createHash('sha256').update(yaml).digest('hex');
}

export { parseVersionLabel, versionLabel } from '../runbook/version-label.js';

const parse = (row: unknown) => runbookVersionSchema.parse(row);

/** Adds the next version number of a runbook (in one IMMEDIATE transaction, so concurrent adds do not collide). */
export function addVersion(db: Db, v: NewVersion): RunbookVersion {
  const now = new Date().toISOString();
  return guard(db, () =>
    db
      .transaction(() => {
        const next = ((db.prepare('SELECT MAX(version) AS v FROM runbook_versions WHERE runbook_id = ?').get(v.runbookId) as { v: number | null }).v ?? 0) + 1;
        if (v.status === 'active') {
          db.prepare("UPDATE runbook_versions SET status = 'deprecated', updated_at = ? WHERE runbook_id = ? AND status = 'active'").run(now, v.runbookId);
        }
        db.prepare(
          `INSERT INTO runbook_versions (runbook_id, version, yaml, status, parent_version, failed_execution_id, failure_type,
             generated_by, model, priority, reviewer, notes, source_path, content_hash, created_at, updated_at, reviewed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL)`,
        ).run(
          v.runbookId, next, v.yaml, v.status, v.parentVersion ?? null, v.failedExecutionId ?? null, v.failureType ?? null,
          v.generatedBy, v.model ?? null, v.priority ?? 'normal', v.notes ?? null, v.sourcePath ?? null, contentHash(v.yaml), now, now,
        );
        return parse(db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? AND version = ?').get(v.runbookId, next));
      })
      .immediate(),
  );
}

export function getVersion(db: Db, runbookId: string, version: number): RunbookVersion | null {
  const row = guard(db, () => db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? AND version = ?').get(runbookId, version));
  return row ? parse(row) : null;
}

export function getActiveVersion(db: Db, runbookId: string): RunbookVersion | null {
  const row = guard(db, () => db.prepare("SELECT * FROM runbook_versions WHERE runbook_id = ? AND status = 'active'").get(runbookId));
  return row ? parse(row) : null;
}

export function listVersions(db: Db, runbookId: string): RunbookVersion[] {
  return guard(db, () => db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? ORDER BY version').all(runbookId)).map(parse);
}

/** Every runbook's active version (or, without one, its newest), ordered by id. */
export function listRunbooks(db: Db): RunbookVersion[] {
  const rows = guard(db, () =>
    db
      .prepare(
        `SELECT v.* FROM runbook_versions v
         WHERE v.version = COALESCE(
           (SELECT version FROM runbook_versions a WHERE a.runbook_id = v.runbook_id AND a.status = 'active'),
           (SELECT MAX(version) FROM runbook_versions m WHERE m.runbook_id = v.runbook_id))
         ORDER BY v.runbook_id`,
      )
      .all(),
  );
  return rows.map(parse);
}

/** Versions with a given status (the review queue: high priority first, then oldest). */
export function listByStatus(db: Db, status: VersionStatus): RunbookVersion[] {
  return guard(db, () =>
    db
      .prepare(
        `SELECT * FROM runbook_versions WHERE status = ?
         ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, created_at`,
      )
      .all(status),
  ).map(parse);
}

export function findVersionByHash(db: Db, runbookId: string, hash: string): RunbookVersion | null {
  const row = guard(db, () =>
    db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? AND content_hash = ? ORDER BY version DESC LIMIT 1').get(runbookId, hash),
  );
  return row ? parse(row) : null;
}

export interface StatusChange {
  status: VersionStatus;
  reviewer?: string | null;
  notes?: string | null;
  /** Only change when the version still has this status; a second reviewer acting on the same item loses. */
  expectStatus?: VersionStatus;
}

/**
 * Changes a version's status; approving to `active` deprecates the previous active version in the same
 * transaction. Throws a StoreError when `expectStatus` no longer holds (someone else acted first).
 */
export function setVersionStatus(db: Db, runbookId: string, version: number, change: StatusChange): RunbookVersion {
  const now = new Date().toISOString();
  return guard(db, () =>
    db
      .transaction(() => {
        const cur = db.prepare('SELECT status FROM runbook_versions WHERE runbook_id = ? AND version = ?').get(runbookId, version) as { status: string } | undefined;
        if (!cur) throw new StoreError(`no version ${version} of runbook ${runbookId}`);
        if (change.expectStatus && cur.status !== change.expectStatus) {
          throw new StoreError(`${versionLabel(runbookId, version)} is ${cur.status}, not ${change.expectStatus}: someone else acted on it first`);
        }
        if (change.status === 'active') {
          db.prepare("UPDATE runbook_versions SET status = 'deprecated', updated_at = ? WHERE runbook_id = ? AND status = 'active' AND version <> ?").run(now, runbookId, version);
        }
        db.prepare(
          `UPDATE runbook_versions SET status = ?, reviewer = COALESCE(?, reviewer), notes = COALESCE(?, notes), updated_at = ?,
             reviewed_at = CASE WHEN CAST(? AS TEXT) IS NOT NULL THEN ? ELSE reviewed_at END
           WHERE runbook_id = ? AND version = ?`,
        ).run(change.status, change.reviewer ?? null, change.notes ?? null, now, change.reviewer ?? null, now, runbookId, version);
        return parse(db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? AND version = ?').get(runbookId, version));
      })
      .immediate(),
  );
}

/** Replaces the YAML of a version still under review (edited in $EDITOR); active versions are immutable. */
export function updateVersionYaml(db: Db, runbookId: string, version: number, yaml: string): RunbookVersion {
  return guard(db, () =>
    db
      .transaction(() => {
        const cur = getVersion(db, runbookId, version);
        if (!cur) throw new StoreError(`no version ${version} of runbook ${runbookId}`);
        if (cur.status === 'active' || cur.status === 'deprecated') throw new StoreError(`${versionLabel(runbookId, version)} is ${cur.status}; add a new version instead`);
        db.prepare('UPDATE runbook_versions SET yaml = ?, content_hash = ?, updated_at = ? WHERE runbook_id = ? AND version = ?').run(
          yaml, contentHash(yaml), new Date().toISOString(), runbookId, version,
        );
        return getVersion(db, runbookId, version)!;
      })
      .immediate(),
  );
}

/** Moves a version up the review queue (a new failure made it urgent). */
export function raisePriority(db: Db, runbookId: string, version: number): void {
  guard(db, () =>
    db.prepare("UPDATE runbook_versions SET priority = 'high', updated_at = ? WHERE runbook_id = ? AND version = ?").run(new Date().toISOString(), runbookId, version),
  );
}

/** The version lookups `resolveRunbook` needs, over this database. */
export function versionSource(db: Db): VersionSource<RunbookVersion> {
  return {
    get: (id, version) => getVersion(db, id, version),
    active: (id) => getActiveVersion(db, id),
    count: (id) => listVersions(db, id).length,
    recordFile: (runbookId, text, sourcePath, opts = {}) =>
      db
        .transaction(() => {
          const same = findVersionByHash(db, runbookId, contentHash(text));
          if (same) return same;
          const active = getActiveVersion(db, runbookId);
          // A draft never goes live by being run or imported: it waits in the review queue like a learned candidate.
          if (opts.draft) {
            return addVersion(db, {
              runbookId, yaml: text, status: 'pending_review', generatedBy: 'import', sourcePath,
              parentVersion: active?.version ?? null, notes: `draft from ${sourcePath}: review it before it runs`,
            });
          }
          return addVersion(db, {
            runbookId, yaml: text, status: 'active', generatedBy: 'file', sourcePath,
            parentVersion: active?.version ?? null, notes: active ? `file ${sourcePath} changed` : null,
          });
        })
        .immediate(),
  };
}
