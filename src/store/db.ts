// The one database handle every store module uses, whatever engine is behind it: prepared statements,
// exec and transactions with better-sqlite3's shape, so store callers never see which binding runs.

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  /** Positional values, or one object whose keys fill @name placeholders. */
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** `fn` wrapped in BEGIN/COMMIT (ROLLBACK when it throws); `.immediate` takes the write lock up front. */
export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  /** The file (or the URL with its password hidden) for messages. */
  readonly name: string;
  readonly engine: Engine;
  /** Which binding runs the engine (node:sqlite, better-sqlite3, pg), for `db status` and bug reports. */
  readonly driver: string;
  /** False once closed (a health check reads it). */
  readonly open: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): void;
  /** SQLite PRAGMA; `simple` returns the first column of the first row. */
  pragma(source: string, opts?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  close(): void;
}
