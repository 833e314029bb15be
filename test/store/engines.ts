// The store engines the behaviour tests run against: SQLite (a temp file) always, and PostgreSQL (a real
// server started once per test file, a fresh database per test) when installed or REQUIRE_INTEGRATION=1.
import { join } from 'node:path';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { openStore, type Db } from '../../src/store/index.js';
import { PgDb } from '../../src/store/pg/pg-db.js';
import { postgresAvailable, postgresSkipReason, startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { tempDir } from './helpers.js';

export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** The describe title: the engine, and why it is skipped when it is. */
  title: string;
  /** A fresh store, migrated (up to `targetVersion` when given, to build an older one), closed when the test ends. */
  open(targetVersion?: number): Db;
  /** Another connection to the same database as `db` (a second process would hold one). */
  again(db: Db): Db;
  /** Where `db` lives (a file or a URL with its password), for spawned CLIs. */
  target(db: Db): string;
}

export function storeEngines(): StoreEngine[] {
  const targets = new WeakMap<Db, string>();
  const opened = (target: string, targetVersion?: number): Db => {
    const db = openStore(target, targetVersion === undefined ? {} : { targetVersion });
    targets.set(db, target);
    onTestFinished(() => db.close());
    return db;
  };
  const common = {
    again: (db: Db) => opened(targets.get(db)!),
    target: (db: Db) => targets.get(db)!,
  };
  const sqlite: StoreEngine = { name: 'sqlite', available: true, title: 'sqlite', open: (v) => opened(join(tempDir(), 'store.db'), v), ...common };

  let server: RunningPostgres | null = null;
  let n = 0;
  if (postgresAvailable) {
    beforeAll(async () => {
      server = await startPostgres({ fsync: false });
    });
    afterAll(async () => {
      await server?.stop();
    });
  }
  const postgres: StoreEngine = {
    name: 'postgres',
    available: postgresAvailable,
    title: postgresAvailable ? 'postgres' : `postgres (${postgresSkipReason})`,
    open: (v) => {
      if (!server) throw new Error('PostgreSQL did not start (see beforeAll)');
      // CREATE DATABASE through the store's own synchronous connection, so tests stay synchronous.
      const name = `s${process.pid}_${++n}`;
      const admin = new PgDb(server.url('postgres'));
      try {
        admin.exec(`CREATE DATABASE ${name}`);
      } finally {
        admin.close();
      }
      return opened(server.url(name), v);
    },
    ...common,
  };
  return [sqlite, postgres];
}
