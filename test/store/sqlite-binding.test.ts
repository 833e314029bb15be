// The SQLite binding chosen by runtime and the behaviour both share: node:sqlite where the running Node
// has it, better-sqlite3 otherwise; transactions roll back, nest, and a full disk says what to do.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore, saveExecution, countExecutions, sqliteBinding, StoreError } from '../../src/store/index.js';
import { execution, tempDir } from './helpers.js';

const hasNodeSqlite = (() => {
  try {
    return Boolean((process as { getBuiltinModule?: (id: string) => { DatabaseSync?: unknown } | undefined }).getBuiltinModule?.('node:sqlite')?.DatabaseSync);
  } catch {
    return false;
  }
})();

function open(file = ':memory:') {
  const db = openStore(file);
  onTestFinished(() => db.close());
  return db;
}

describe('SQLite binding', () => {
  it(`uses ${hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3'} on Node ${process.version}`, () => {
    expect(sqliteBinding({})).toBe(hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3');
    expect(open().driver).toBe(hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3');
  });

  it('rejects an unknown INCIDENT_COPILOT_SQLITE with exit 2', () => {
    expect(() => sqliteBinding({ INCIDENT_COPILOT_SQLITE: 'sqlite4' })).toThrow(StoreError);
    expect(() => sqliteBinding({ INCIDENT_COPILOT_SQLITE: 'sqlite4' })).toThrow(/not a SQLite binding/);
    expect(sqliteBinding({ INCIDENT_COPILOT_SQLITE: 'better-sqlite3' })).toBe('better-sqlite3');
  });

  it('rolls a transaction back when it throws, and a nested one only to its savepoint', () => {
    const db = open();
    expect(() =>
      db.transaction(() => {
        saveExecution(db, execution({ execution_id: 'a' }));
        throw new Error('boom');
      }).immediate(),
    ).toThrow('boom');
    expect(countExecutions(db)).toBe(0);
    db.transaction(() => {
      saveExecution(db, execution({ execution_id: 'outer' }));
      expect(() =>
        db.transaction(() => {
          saveExecution(db, execution({ execution_id: 'inner' }));
          throw new Error('inner fails');
        })(),
      ).toThrow('inner fails');
    }).immediate();
    expect(db.prepare('SELECT id FROM executions').all()).toEqual([{ id: 'outer' }]);
  });

  it('ignores parameter-object keys the SQL does not name (both bindings)', () => {
    const db = open();
    expect(db.prepare('SELECT @a AS a').get({ a: 1, unused: 2 })).toEqual({ a: 1 });
  });

  it('turns a full disk into a StoreError that says to free space or move the database', () => {
    const file = join(tempDir(), 'full.db');
    const db = open(file);
    saveExecution(db, execution({ execution_id: 'fits' }));
    // A page limit makes SQLite fail exactly as on a full filesystem (SQLITE_FULL).
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let err: unknown;
    try {
      saveExecution(db, execution({ execution_id: 'too-big', error_message: 'x'.repeat(200_000) }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toBe(`database ${file} could not be written: the disk is full`);
    expect((err as StoreError).hint).toMatch(/free space .* --db/);
    expect(countExecutions(db)).toBe(1);
  });
});
