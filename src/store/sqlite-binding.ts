// Picks the SQLite binding for the running Node: the built-in node:sqlite where it loads without a flag
// (Node >= 22.13), else better-sqlite3 12 (Node 20), whose native destructor aborts Node 24 at exit.
import { createRequire } from 'node:module';
import { StoreError } from './errors.js';

/** What the store needs from a binding; both bindings' statements already have run/get/all. */
export interface RawStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface RawSqlite {
  readonly driver: 'node:sqlite' | 'better-sqlite3';
  prepare(sql: string): RawStatement;
  exec(sql: string): void;
  pragma(source: string, simple: boolean): unknown;
  close(): void;
}

export interface RawOpenOptions {
  readonly: boolean;
}

interface DatabaseSyncCtor {
  new (file: string, opts?: { readOnly?: boolean; enableForeignKeyConstraints?: boolean }): {
    prepare(sql: string): RawStatement & { setAllowUnknownNamedParameters?(allow: boolean): void };
    exec(sql: string): void;
    close(): void;
  };
}

interface BetterSqliteCtor {
  new (file: string, opts?: { readonly?: boolean; fileMustExist?: boolean }): {
    prepare(sql: string): RawStatement;
    exec(sql: string): void;
    pragma(source: string, opts?: { simple?: boolean }): unknown;
    close(): void;
  };
}

export type BindingName = RawSqlite['driver'];

let nodeSqlite: DatabaseSyncCtor | null | undefined;

/** node:sqlite's DatabaseSync, or null on a Node without it (20, or 22 before 22.13 without --experimental-sqlite). */
function loadNodeSqlite(): DatabaseSyncCtor | null {
  if (nodeSqlite !== undefined) return nodeSqlite;
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  // Node 22 prints an ExperimentalWarning the first time node:sqlite loads; our users did not opt into
  // anything, so that one line is kept off their stderr (other warnings pass through).
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const mod = getBuiltin?.call(process, 'node:sqlite') as { DatabaseSync?: DatabaseSyncCtor } | undefined;
    nodeSqlite = mod?.DatabaseSync ?? null;
  } catch {
    nodeSqlite = null;
  } finally {
    process.emitWarning = emit;
  }
  return nodeSqlite;
}

function loadBetterSqlite(): BetterSqliteCtor {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as BetterSqliteCtor;
  } catch (err) {
    throw new StoreError(
      `this Node.js (${process.version}) has no usable node:sqlite and better-sqlite3 could not be loaded: ${(err as Error).message}`,
      'use Node.js 22.13 or newer, or run `npm install` on Node 20 so better-sqlite3 is built',
    );
  }
}

/** The binding this process uses: INCIDENT_COPILOT_SQLITE forces one (tests compare both on Node 22+). */
export function sqliteBinding(env: NodeJS.ProcessEnv = process.env): BindingName {
  const forced = env.INCIDENT_COPILOT_SQLITE;
  if (forced === 'better-sqlite3' || forced === 'node:sqlite') return forced;
  if (forced && forced !== '') {
    throw new StoreError(`INCIDENT_COPILOT_SQLITE=${forced} is not a SQLite binding`, 'use node:sqlite or better-sqlite3, or unset it', 2);
  }
  return loadNodeSqlite() ? 'node:sqlite' : 'better-sqlite3';
}

export function openRawSqlite(file: string, opts: RawOpenOptions, binding: BindingName = sqliteBinding()): RawSqlite {
  if (binding === 'node:sqlite') {
    const DatabaseSync = loadNodeSqlite();
    if (!DatabaseSync) throw new StoreError(`node:sqlite is not available in Node.js ${process.version}`, 'unset INCIDENT_COPILOT_SQLITE or use Node.js 22.13 or newer');
    // Foreign keys are set by the store's own pragma, the same way for both bindings.
    const db = new DatabaseSync(file, { readOnly: opts.readonly, enableForeignKeyConstraints: false });
    return {
      driver: binding,
      prepare: (sql) => {
        const stmt = db.prepare(sql);
        // better-sqlite3 ignores keys of a parameter object that the SQL does not name; callers rely on it.
        stmt.setAllowUnknownNamedParameters?.(true);
        return stmt;
      },
      exec: (sql) => db.exec(sql),
      pragma: (source, simple) => {
        const rows = db.prepare(`PRAGMA ${source}`).all() as Array<Record<string, unknown>>;
        return simple ? (rows[0] ? Object.values(rows[0])[0] : undefined) : rows;
      },
      close: () => db.close(),
    };
  }
  const Database = loadBetterSqlite();
  const db = new Database(file, { readonly: opts.readonly, fileMustExist: opts.readonly });
  return {
    driver: binding,
    prepare: (sql) => db.prepare(sql),
    exec: (sql) => void db.exec(sql),
    pragma: (source, simple) => db.pragma(source, { simple }),
    close: () => void db.close(),
  };
}
