// Versioned schema migrations: schema_version records the last applied step, each migration is a
// function run in its own IMMEDIATE transaction, so an older file is upgraded in place with its data kept.
import type { Db } from './db.js';
import { ddl } from './dialect.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Db): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'investigations, runbook versions, executions',
    up(db) {
      db.exec(ddl(db, `
        CREATE TABLE investigations (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          incident TEXT NOT NULL,
          window_from TEXT NOT NULL,
          window_to TEXT NOT NULL,
          sources_json TEXT NOT NULL,
          report_json TEXT NOT NULL,
          tool_calls_json TEXT NOT NULL
        );
        CREATE TABLE runbook_versions (
          runbook_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          yaml TEXT NOT NULL,
          status TEXT NOT NULL,
          parent_version INTEGER,
          failed_execution_id TEXT,
          failure_type TEXT,
          generated_by TEXT NOT NULL,
          model TEXT,
          priority TEXT NOT NULL DEFAULT 'normal',
          reviewer TEXT,
          notes TEXT,
          source_path TEXT,
          content_hash TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          reviewed_at TEXT,
          PRIMARY KEY (runbook_id, version)
        );
        CREATE TABLE executions (
          id TEXT PRIMARY KEY,
          runbook_id TEXT NOT NULL,
          runbook_version INTEGER NOT NULL,
          status TEXT NOT NULL,
          started_at TEXT NOT NULL,
          completed_at TEXT,
          incident_id TEXT,
          pid INTEGER,
          hostname TEXT,
          result_json TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX executions_by_runbook ON executions (runbook_id, started_at);
      `));
    },
  },
  {
    version: 2,
    description: 'execution summary columns, success-rate indexes, failure classifications',
    up(db) {
      db.exec(ddl(db, `
        ALTER TABLE executions ADD COLUMN success INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE executions ADD COLUMN verification_passed INTEGER;
        ALTER TABLE executions ADD COLUMN duration_ms INTEGER;
        ALTER TABLE executions ADD COLUMN error_message TEXT;
        ALTER TABLE executions ADD COLUMN error_step INTEGER;
        UPDATE executions SET
          success = CASE WHEN status = 'success' OR status = 'partial' THEN 1 ELSE 0 END,
          ${db.engine === 'postgres'
            ? `verification_passed = CASE result_json::jsonb ->> 'verification_passed' WHEN 'true' THEN 1 WHEN 'false' THEN 0 END,
          duration_ms = ROUND((result_json::jsonb ->> 'duration_seconds')::numeric * 1000)::integer,
          error_message = result_json::jsonb ->> 'error_message',
          error_step = (result_json::jsonb ->> 'error_step')::integer;`
            : `verification_passed = json_extract(result_json, '$.verification_passed'),
          duration_ms = CAST(ROUND(json_extract(result_json, '$.duration_seconds') * 1000) AS INTEGER),
          error_message = json_extract(result_json, '$.error_message'),
          error_step = json_extract(result_json, '$.error_step');`}
        DROP INDEX executions_by_runbook;
        CREATE INDEX executions_history ON executions (runbook_id, started_at DESC);
        CREATE INDEX executions_started ON executions (started_at DESC);
        CREATE INDEX executions_rate ON executions (runbook_id, runbook_version, status);
        CREATE INDEX executions_running ON executions (status) WHERE status = 'running';
        CREATE INDEX runbook_versions_status ON runbook_versions (status, priority, created_at);
        CREATE INDEX investigations_created ON investigations (created_at DESC);
        CREATE TABLE failure_classifications (
          execution_id TEXT PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
          failure_type TEXT NOT NULL,
          reasoning TEXT NOT NULL,
          confidence REAL NOT NULL,
          classified_by TEXT NOT NULL,
          model TEXT,
          evidence_json TEXT NOT NULL DEFAULT '[]',
          created_at TEXT NOT NULL
        );
      `));
    },
  },
  {
    version: 3,
    description: 'improvement attempts (lint failures and skipped candidates kept with their reason), review events',
    up(db) {
      db.exec(ddl(db, `
        CREATE TABLE improvement_attempts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          runbook_id TEXT NOT NULL,
          parent_version INTEGER NOT NULL,
          execution_id TEXT,
          failure_type TEXT,
          generated_by TEXT NOT NULL,
          model TEXT,
          outcome TEXT NOT NULL,
          reason TEXT,
          candidate_version INTEGER,
          yaml TEXT,
          created_at TEXT NOT NULL
        );
        CREATE INDEX improvement_attempts_by_runbook ON improvement_attempts (runbook_id, created_at);
        CREATE TABLE review_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          runbook_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          action TEXT NOT NULL,
          reviewer TEXT NOT NULL,
          notes TEXT,
          created_at TEXT NOT NULL
        );
        CREATE INDEX review_events_by_version ON review_events (runbook_id, version, created_at);
      `));
    },
  },
  {
    version: 4,
    description: 'rca watch: incidents from alerts, every alert received, webhook deliveries, unattended runbook runs',
    up(db) {
      db.exec(ddl(db, `
        CREATE TABLE watch_incidents (
          id TEXT PRIMARY KEY,
          group_key TEXT NOT NULL,
          source TEXT NOT NULL,
          trigger TEXT NOT NULL,
          title TEXT NOT NULL,
          service TEXT,
          started_at TEXT NOT NULL,
          labels_json TEXT NOT NULL,
          state TEXT NOT NULL,
          alert_count INTEGER NOT NULL DEFAULT 1,
          attempts INTEGER NOT NULL DEFAULT 0,
          investigation_id TEXT,
          runbook_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          resolved_at TEXT
        );
        CREATE INDEX watch_incidents_open ON watch_incidents (group_key, resolved_at);
        CREATE INDEX watch_incidents_state ON watch_incidents (state, created_at);
        CREATE TABLE watch_alerts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          incident_id TEXT NOT NULL,
          alert_key TEXT NOT NULL,
          status TEXT NOT NULL,
          title TEXT NOT NULL,
          received_at TEXT NOT NULL
        );
        CREATE INDEX watch_alerts_by_incident ON watch_alerts (incident_id, alert_key);
        CREATE TABLE watch_deliveries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          incident_id TEXT NOT NULL,
          target TEXT NOT NULL,
          kind TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at TEXT NOT NULL,
          last_error TEXT,
          created_at TEXT NOT NULL,
          delivered_at TEXT
        );
        CREATE INDEX watch_deliveries_due ON watch_deliveries (state, next_at);
        CREATE TABLE watch_auto_runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          incident_id TEXT NOT NULL,
          runbook_id TEXT NOT NULL,
          target TEXT NOT NULL,
          exit_code INTEGER,
          created_at TEXT NOT NULL
        );
        CREATE INDEX watch_auto_runs_by_runbook ON watch_auto_runs (runbook_id, target, created_at);
      `));
    },
  },
  {
    version: 5,
    description: 'rca watch: the running watchers and what they watch, for rca watch status',
    up(db) {
      db.exec(`
        CREATE TABLE watch_watchers (
          id TEXT PRIMARY KEY,
          host TEXT NOT NULL,
          pid INTEGER NOT NULL,
          settings_json TEXT NOT NULL,
          started_at TEXT NOT NULL,
          heartbeat_at TEXT NOT NULL,
          stopped_at TEXT
        );
      `);
    },
  },
  {
    version: 6,
    description: 'follow-up questions asked about an investigation (rca ask, rca --interactive) and their answers',
    up(db) {
      db.exec(ddl(db, `
        CREATE TABLE follow_ups (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          investigation_id TEXT NOT NULL,
          asked_at TEXT NOT NULL,
          question TEXT NOT NULL,
          model TEXT,
          follow_up_json TEXT NOT NULL
        );
        CREATE INDEX follow_ups_by_investigation ON follow_ups (investigation_id, asked_at);
      `));
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersion(db: Db): number {
  if (db.engine === 'postgres') {
    // Created by migrate() under the advisory lock: CREATE TABLE IF NOT EXISTS races on PostgreSQL.
    const t = db.prepare("SELECT to_regclass('schema_version') IS NOT NULL AS present").get() as { present: boolean };
    if (!t.present) return 0;
  } else {
    ensureVersionTable(db);
  }
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function ensureVersionTable(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
}

/**
 * Applies every migration above the database's version, up to `target`. Each runs inside an immediate
 * transaction (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock) and re-reads the version there, so
 * several processes opening a fresh database at once apply each step once.
 */
export function migrate(db: Db, target: number = LATEST_VERSION): number {
  const current = schemaVersion(db);
  if (current >= target) return current;
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    const apply = db.transaction(() => {
      ensureVersionTable(db);
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    });
    apply.immediate();
  }
  return schemaVersion(db);
}
