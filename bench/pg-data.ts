// The 1,000,000 executions of bench:pg, generated inside the database by one INSERT ... SELECT per 100,000 rows
// (generate_series on PostgreSQL, a recursive CTE on SQLite) from the same formulas, so both engines hold the same rows.
import { addVersion, type Db } from '../src/store/index.js';

export const TOTAL = 1_000_000;
export const RUNBOOKS = 200;
/** The busiest runbook (the skew puts ~7 % of all runs on it), over its 1 version... see versionsOf. */
export const X = 'RB-1000';
const CHUNK = 100_000;

/** Runbook r has 1..4 versions; runs move to the newer version as time passes. */
export const versionsOf = (r: number) => 1 + ((r + 3) % 4);

/** ISO time of `seconds` after 2025-01-01T00:00:00Z, as the store writes it ("...T00:00:00.000Z"). */
function isoAt(db: Db, seconds: string): string {
  return db.engine === 'postgres'
    ? `to_char(TIMESTAMP '2025-01-01 00:00:00' + (${seconds}) * INTERVAL '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', 1735689600 + (${seconds}), 'unixepoch')`;
}

/**
 * Rows from..to-1. h is a multiplicative hash of i; the runbook index is skewed (r = u^2 / 5000 for u uniform in
 * 0..999, so low indexes run most, as a few runbooks do in a real team); one run every 30 s over ~11 months;
 * ~1 % refused or interrupted, ~2.5 % partial, failures from 30 % on v1 down to 15 % on v4.
 */
function chunkSql(db: Db, from: number, to: number): string {
  const source =
    db.engine === 'postgres'
      ? `SELECT i::bigint AS i FROM generate_series(${from}, ${to - 1}) AS g(i)`
      : `WITH RECURSIVE g(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM g WHERE i < ${to - 1}) SELECT i FROM g`;
  const started = isoAt(db, 'i * 30');
  const completed = isoAt(db, `i * 30 + d / 1000`);
  return `INSERT INTO executions (id, runbook_id, runbook_version, status, success, verification_passed, started_at, completed_at,
      duration_ms, incident_id, pid, hostname, error_message, error_step, result_json, updated_at)
    SELECT 'exec-' || i, 'RB-' || (1000 + r), v, status,
      CASE WHEN status IN ('success', 'partial') THEN 1 ELSE 0 END,
      CASE WHEN status = 'refused' THEN NULL WHEN status = 'success' THEN 1 ELSE 0 END,
      ${started}, ${completed}, d, CASE WHEN h % 7 = 0 THEN 'inv-' || (i / 7) END, 1000 + h % 30000, 'ci-runner-' || (h % 12),
      CASE WHEN status IN ('failure', 'interrupted') THEN 'step ' || (1 + h % 5) || ' failed: exit code 1' END,
      CASE WHEN status IN ('failure', 'interrupted') THEN 1 + h % 5 END,
      '{"execution_id":"exec-' || i || '","runbook_id":"RB-' || (1000 + r) || '","runbook_version":' || v || ',"status":"' || status
        || '","hostname":"ci-runner-' || (h % 12) || '","executed_steps":[{"step_id":"check","exit_code":0,"stdout":"ok"}]}',
      ${completed}
    FROM (
      SELECT i, h, r, v, d, CASE WHEN u < 5 THEN 'interrupted' WHEN u < 10 THEN 'refused' WHEN u < 35 THEN 'partial'
        WHEN u < 650 + v * 50 THEN 'success' ELSE 'failure' END AS status
      FROM (
        SELECT i, h, r, u, 1 + (i * (1 + (r + 3) % 4)) / ${TOTAL} AS v, 200 + h % 120000 AS d
        FROM (SELECT i, h, ((h % 1000) * (h % 1000)) / 5000 AS r, (h / 1000) % 1000 AS u
              FROM (SELECT i, (i * 2654435761) % 4294967296 AS h FROM (${source}) AS src) AS a) AS b
      ) AS c
    ) AS e`;
}

/** Every runbook's versions (v1 from a file, later ones from the learning loop; some rejected, some pending). */
function fillVersions(db: Db): void {
  const yaml = (id: string, v: number) => `id: ${id}\ntitle: bench\nsteps:\n  - id: check\n    run: [true]\n# v${v}\n`;
  db.transaction(() => {
    for (let r = 0; r < RUNBOOKS; r++) {
      const id = `RB-${1000 + r}`;
      addVersion(db, { runbookId: id, yaml: yaml(id, 1), status: 'active', generatedBy: 'file' });
      for (let v = 2; v <= versionsOf(r); v++) {
        addVersion(db, { runbookId: id, yaml: yaml(id, v), status: 'active', generatedBy: 'rules', parentVersion: v - 1, failureType: 'runbook_insufficient' });
      }
      if (r % 5 === 0) addVersion(db, { runbookId: id, yaml: yaml(id, 9), status: 'pending_review', generatedBy: 'rules', parentVersion: versionsOf(r), priority: r % 10 ? 'normal' : 'high' });
      if (r % 7 === 0) addVersion(db, { runbookId: id, yaml: yaml(id, 8), status: 'rejected', generatedBy: 'model', parentVersion: versionsOf(r) });
    }
  })();
}

/** Fills an empty, migrated store and leaves it analyzed (and vacuumed on PostgreSQL, as autovacuum would). */
export function fill(db: Db): void {
  fillVersions(db);
  for (let from = 0; from < TOTAL; from += CHUNK) db.exec(chunkSql(db, from, Math.min(TOTAL, from + CHUNK)));
  if (db.engine === 'postgres') db.exec('VACUUM ANALYZE');
  else {
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
