// Copies one store into another (`runbook db migrate`): every table, idempotent (rows already there are
// skipped by key), then verified: each source row's key must be found in the target.
import type { Db } from './db.js';
import { guard } from './open.js';

/**
 * Each table with the columns that identify a row across databases: the primary key, or for tables whose
 * id the database assigns, the natural key (ids of two databases collide, so they are never copied).
 */
const TABLES: Array<{ name: string; key: string[]; serial?: boolean }> = [
  { name: 'investigations', key: ['id'] },
  { name: 'runbook_versions', key: ['runbook_id', 'version'] },
  { name: 'executions', key: ['id'] },
  { name: 'failure_classifications', key: ['execution_id'] },
  { name: 'improvement_attempts', key: ['runbook_id', 'parent_version', 'outcome', 'created_at'], serial: true },
  { name: 'review_events', key: ['runbook_id', 'version', 'action', 'reviewer', 'created_at'], serial: true },
  { name: 'watch_incidents', key: ['id'] },
  { name: 'watch_alerts', key: ['incident_id', 'alert_key', 'status', 'received_at'], serial: true },
  { name: 'watch_deliveries', key: ['incident_id', 'target', 'kind', 'created_at'], serial: true },
  { name: 'watch_auto_runs', key: ['incident_id', 'runbook_id', 'target', 'created_at'], serial: true },
  { name: 'watch_watchers', key: ['id'] },
  { name: 'follow_ups', key: ['investigation_id', 'asked_at', 'question'], serial: true },
];

export interface TableCopy {
  table: string;
  source: number;
  copied: number;
  /** Already in the target (an earlier run, or the same row from another machine). */
  present: number;
  /** Source rows whose key the target lacks after the copy: must be 0. */
  missing: number;
}

const BATCH = 500;

function tableExists(db: Db, table: string): boolean {
  const sql = db.engine === 'postgres' ? 'SELECT to_regclass(?) IS NOT NULL AS ok' : "SELECT COUNT(*) > 0 AS ok FROM sqlite_master WHERE type = 'table' AND name = ?";
  return Boolean((db.prepare(sql).get(table) as { ok: unknown }).ok);
}

function keyMatch(key: string[]): string {
  return key.map((k) => `${k} IS NOT DISTINCT FROM ?`).join(' AND ');
}

/** Reads the source in rowid pages (SQLite) so a million executions never sit in memory at once. */
function* pages(from: Db, table: string): Generator<Array<Record<string, unknown>>> {
  let after = -1;
  for (;;) {
    const rows = from.prepare(`SELECT rowid AS rowid_, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`).all(after) as Array<Record<string, unknown>>;
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1].rowid_);
    yield rows.map(({ rowid_: _r, ...rest }) => rest);
  }
}

function copyTable(from: Db, to: Db, t: (typeof TABLES)[number]): TableCopy {
  const out: TableCopy = { table: t.name, source: 0, copied: 0, present: 0, missing: 0 };
  if (!tableExists(from, t.name)) return out;
  for (const rows of pages(from, t.name)) {
    out.source += rows.length;
    const cols = Object.keys(rows[0]).filter((c) => !(t.serial && c === 'id'));
    to.transaction(() => {
      if (t.serial) {
        // Few rows: look each up by its natural key, insert the ones the target lacks.
        const exists = to.prepare(`SELECT 1 AS hit FROM ${t.name} WHERE ${keyMatch(t.key)} LIMIT 1`);
        const insert = to.prepare(`INSERT INTO ${t.name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        for (const r of rows) {
          if (exists.get(...t.key.map((k) => r[k]))) out.present++;
          else {
            insert.run(...cols.map((c) => r[c]));
            out.copied++;
          }
        }
        return;
      }
      const values = rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
      const res = to
        .prepare(`INSERT INTO ${t.name} (${cols.join(', ')}) VALUES ${values} ON CONFLICT (${t.key.join(', ')}) DO NOTHING`)
        .run(...rows.flatMap((r) => cols.map((c) => r[c])));
      out.copied += res.changes;
      out.present += rows.length - res.changes;
    })();
    out.missing += countMissing(to, t, rows);
  }
  return out;
}

function countMissing(to: Db, t: (typeof TABLES)[number], rows: Array<Record<string, unknown>>): number {
  if (t.serial) {
    const exists = to.prepare(`SELECT 1 AS hit FROM ${t.name} WHERE ${keyMatch(t.key)} LIMIT 1`);
    return rows.filter((r) => !exists.get(...t.key.map((k) => r[k]))).length;
  }
  const match = rows.map(() => `(${keyMatch(t.key)})`).join(' OR ');
  const found = to.prepare(`SELECT COUNT(*) AS n FROM ${t.name} WHERE ${match}`).get(...rows.flatMap((r) => t.key.map((k) => r[k]))) as { n: number };
  return rows.length - Number(found.n);
}

/** Copies every table of `from` (a SQLite store) into `to`, in foreign-key order; returns per-table counts. */
export function copyStore(from: Db, to: Db, onTable: (c: TableCopy) => void = () => undefined): TableCopy[] {
  return TABLES.map((t) => {
    const c = guard(to, () => copyTable(from, to, t));
    onTable(c);
    return c;
  });
}

/** Row counts per table, for `runbook db status`. */
export function tableCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    if (tableExists(db, t.name)) out[t.name] = Number((guard(db, () => db.prepare(`SELECT COUNT(*) AS n FROM ${t.name}`).get()) as { n: number }).n);
  }
  return out;
}
