// The store's file handling: pragmas, migrations of an older schema file with its data kept, and the
// clear errors for a read-only, locked or foreign file.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  getExecution, LATEST_VERSION, saveExecution, listExecutions, listVersions, openStore, schemaVersion, StoreError,
} from '../../src/store/index.js';
import { execution, tempDir } from './helpers.js';

describe('openStore', () => {
  it('sets WAL, busy timeout, foreign keys and synchronous NORMAL on a file', () => {
    const file = join(tempDir(), 'sub', 'copilot.db');
    const db = openStore(file, { busyTimeoutMs: 1234 });
    onTestFinished(() => {
      db.close();
    });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
  });

  it('migrates a version-1 file and keeps its rows, filling the new summary columns', () => {
    const file = join(tempDir(), 'old.db');
    const old = openStore(file, { targetVersion: 1 });
    expect(schemaVersion(old)).toBe(1);
    old.prepare(
      `INSERT INTO runbook_versions (runbook_id, version, yaml, status, generated_by, content_hash, created_at, updated_at)
       VALUES ('RB-OLD', 1, 'id: RB-OLD', 'active', 'file', 'h', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run();
    const result = {
      execution_id: 'exec-old', runbook_id: 'RB-OLD', runbook_version: 1, incident_id: null, incident_type: null, hostname: 'h', platform: 'linux',
      started_at: '2026-01-01T00:00:00Z', completed_at: '2026-01-01T00:00:03Z', duration_seconds: 3, status: 'failure', success: false, dry_run: false,
      params: {}, verification_passed: false, verification_method: null, confidence: 0, state_before: {}, state_after: {}, state_diff: {},
      executed_steps: [], error_message: 'boom', error_step: 2, retry_count: 0,
    };
    old.prepare(
      `INSERT INTO executions (id, runbook_id, runbook_version, status, started_at, completed_at, result_json, updated_at)
       VALUES ('exec-old', 'RB-OLD', 1, 'failure', '2026-01-01T00:00:00Z', '2026-01-01T00:00:03Z', ?, '2026-01-01T00:00:03Z')`,
    ).run(JSON.stringify(result));
    old.close();

    const db = openStore(file);
    onTestFinished(() => {
      db.close();
    });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(listVersions(db, 'RB-OLD').map((v) => [v.version, v.status])).toEqual([[1, 'active']]);
    const rows = listExecutions(db, { runbookId: 'RB-OLD' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ execution_id: 'exec-old', status: 'failure', success: false, duration_ms: 3000, error_message: 'boom', error_step: 2, verification_passed: false });
    expect(getExecution(db, 'exec-old')?.error_message).toBe('boom');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'failure_classifications'").get()).toBeTruthy();
  });

  it('refuses a file marked read-only with exit code 2 and a hint', () => {
    const file = join(tempDir(), 'ro.db');
    openStore(file).close();
    chmodSync(file, 0o444);
    let err: unknown;
    try {
      openStore(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toBe(`database ${file} is read-only`);
    expect((err as StoreError).exitCode).toBe(2);
    expect((err as StoreError).hint).toContain('--db');
  });

  it('reports a file locked by another writer as locked, after the busy timeout', () => {
    const file = join(tempDir(), 'locked.db');
    openStore(file).close();
    const holder = openStore(file);
    onTestFinished(() => {
      holder.close();
    });
    holder.exec('BEGIN EXCLUSIVE');
    onTestFinished(() => {
      holder.exec('ROLLBACK');
    });
    const db = openStore(file, { busyTimeoutMs: 50 });
    onTestFinished(() => {
      db.close();
    });
    expect(() => saveExecution(db, execution())).toThrow(`database ${file} is locked by another process`);
  });

  it('names a file that is not a database', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'this is not sqlite, just a text file that happens to be long enough '.repeat(20));
    expect(() => openStore(file)).toThrow(/is not a valid incident-copilot database/);
  });
});
