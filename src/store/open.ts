// Opens the SQLite store: directory creation, pragmas for many concurrent writers (WAL, busy timeout,
// synchronous NORMAL, foreign keys) and migrations; file problems become StoreErrors that say what to do.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT } from '../core/errors.js';
import { StoreError, storeError } from './errors.js';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations.js';
import type { Db } from './db.js';
import { SqliteDb } from './sqlite-db.js';
import type { BindingName } from './sqlite-binding.js';

export type { Db } from './db.js';

export interface OpenOptions {
  /** Wait this long for another writer's lock before failing (default 10 s, env INCIDENT_COPILOT_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /** Stop at this schema version (tests build "older" files with it). */
  targetVersion?: number;
  /** Open without writing anything (no migrations); for commands that only read. */
  readonly?: boolean;
  /** Force a SQLite binding (default: node:sqlite where usable, else better-sqlite3). */
  binding?: BindingName;
}

function busyTimeout(opts: OpenOptions): number {
  if (opts.busyTimeoutMs !== undefined) return opts.busyTimeoutMs;
  const env = Number(process.env.INCIDENT_COPILOT_BUSY_TIMEOUT_MS);
  return Number.isFinite(env) && env >= 0 && process.env.INCIDENT_COPILOT_BUSY_TIMEOUT_MS !== '' ? env : 10_000;
}

/** True when the file exists and nobody may write it: honoured even for root, who bypasses permissions. */
function markedReadOnly(file: string): boolean {
  try {
    return (statSync(file).mode & 0o222) === 0;
  } catch {
    return false;
  }
}

export function openStore(file: string, opts: OpenOptions = {}): Db {
  const memory = file === ':memory:';
  if (!memory && !opts.readonly) {
    if (markedReadOnly(file)) {
      throw new StoreError(`database ${file} is read-only`, 'make it writable (chmod u+w) or pass another file with --db / INCIDENT_COPILOT_DB', EXIT.usage, 'read_only');
    }
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw new StoreError(`cannot create the directory for database ${file}: ${(err as Error).message}`, 'pass a writable path with --db', EXIT.usage);
    }
  }
  const existed = memory || existsSync(file);
  let db: Db | undefined;
  try {
    db = new SqliteDb(file, { readonly: opts.readonly === true, binding: opts.binding });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout(opts)))}`);
    if (!opts.readonly) {
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.targetVersion ?? LATEST_VERSION);
    const version = opts.readonly ? readVersion(db) : schemaVersion(db);
    if (version > LATEST_VERSION) {
      throw new StoreError(`database ${file} has schema version ${version}, newer than this program (${LATEST_VERSION})`, 'upgrade incident-copilot or pass another file with --db');
    }
    return db;
  } catch (err) {
    db?.close();
    // A file this call created but could not fill (a full disk) would break every later command: take it back.
    if (!existed) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    throw storeError(err, file);
  }
}

function readVersion(db: Db): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!exists) return 0;
  return ((db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0);
}

/** Runs a store operation and turns SQLITE_BUSY / READONLY into StoreErrors naming the file. */
export function guard<T>(db: Db, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeError(err, db.name);
  }
}
