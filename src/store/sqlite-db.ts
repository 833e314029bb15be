// The SQLite engine behind the Db interface: one code path for both bindings (statement cache,
// transactions as BEGIN [IMMEDIATE] ... COMMIT with savepoints when nested), so they behave alike.
import type { Db, RunResult, Statement, Transaction } from './db.js';
import { openRawSqlite, type BindingName, type RawSqlite } from './sqlite-binding.js';

/** Enough for every distinct statement the store prepares; evicts oldest beyond it (bench loops stay flat). */
const CACHE_LIMIT = 256;

export class SqliteDb implements Db {
  readonly engine = 'sqlite' as const;
  readonly driver: string;
  private readonly raw: RawSqlite;
  private readonly cache = new Map<string, Statement>();
  private depth = 0;
  open = true;

  constructor(
    readonly name: string,
    opts: { readonly: boolean; binding?: BindingName },
  ) {
    this.raw = openRawSqlite(name, { readonly: opts.readonly }, opts.binding);
    this.driver = this.raw.driver;
  }

  prepare(sql: string): Statement {
    const hit = this.cache.get(sql);
    if (hit) return hit;
    const s = this.raw.prepare(sql);
    const stmt: Statement = {
      run: (...p) => {
        const r = s.run(...p);
        return { changes: Number(r.changes), lastInsertRowid: r.lastInsertRowid } satisfies RunResult;
      },
      get: (...p) => s.get(...p),
      all: (...p) => s.all(...p),
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(sql, stmt);
    return stmt;
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  pragma(source: string, opts: { simple?: boolean } = {}): unknown {
    return this.raw.pragma(source, opts.simple === true);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R> {
    const run = (begin: string, args: A): R => {
      const savepoint = this.depth > 0 ? `sp${this.depth}` : null;
      this.raw.exec(savepoint ? `SAVEPOINT ${savepoint}` : begin);
      this.depth++;
      try {
        const out = fn(...args);
        this.raw.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
        return out;
      } catch (err) {
        try {
          this.raw.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
        } catch {
          // SQLite may have rolled back already (SQLITE_FULL, I/O error); the original error is the one to report.
        }
        throw err;
      } finally {
        this.depth--;
      }
    };
    const tx = ((...args: A) => run('BEGIN', args)) as Transaction<A, R>;
    tx.immediate = (...args: A) => run('BEGIN IMMEDIATE', args);
    return tx;
  }

  close(): void {
    this.open = false;
    this.cache.clear();
    this.raw.close();
  }
}
