// The PostgreSQL engine behind the Db interface, synchronous like the SQLite one: every call goes through
// the worker bridge; `.immediate` transactions hold one advisory lock so writers queue as on SQLite.
import type { Db, RunResult, Statement, Transaction } from '../db.js';
import { StoreError } from '../errors.js';
import { BridgeError, SyncBridge } from './bridge.js';
import { pgStoreError } from './errors.js';
import { bindValues, toPgSql, type PgSql } from './placeholders.js';
import { redactUrl } from './url.js';

/** The advisory lock key of immediate (write) transactions and migrations: "icdb" in ASCII. */
export const WRITE_LOCK_KEY = 0x69636462;

/** Tables whose id the database assigns: an INSERT into them reports it as lastInsertRowid. */
const SERIAL_TABLES = new Set(['improvement_attempts', 'review_events', 'watch_alerts', 'watch_deliveries', 'watch_auto_runs']);

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) && v >= 0 ? v : fallback;
}

export class PgDb implements Db {
  readonly engine = 'postgres' as const;
  readonly driver = 'pg';
  readonly name: string;
  open = true;
  private readonly bridge: SyncBridge;
  private readonly retryMs: number;
  private depth = 0;
  private readonly cache = new Map<string, PgSql>();

  constructor(private readonly url: string) {
    this.name = redactUrl(url);
    this.retryMs = envMs('INCIDENT_COPILOT_PG_RETRY_MS', 15_000);
    const connectTimeoutMs = envMs('INCIDENT_COPILOT_PG_CONNECT_TIMEOUT_MS', 5_000);
    const statementTimeoutMs = envMs('INCIDENT_COPILOT_PG_STATEMENT_TIMEOUT_MS', 30_000);
    this.bridge = new SyncBridge({
      url, poolMax: 2, connectTimeoutMs, statementTimeoutMs, retryMs: this.retryMs,
      callTimeoutMs: this.retryMs + connectTimeoutMs + statementTimeoutMs + 5_000,
    });
  }

  private call(...args: Parameters<SyncBridge['call']>) {
    try {
      return this.bridge.call(...args);
    } catch (err) {
      throw pgStoreError(err, this.url);
    }
  }

  private translate(sql: string): PgSql {
    let t = this.cache.get(sql);
    if (!t) {
      t = toPgSql(sql);
      const insert = /^\s*INSERT\s+INTO\s+([a-z_]+)/i.exec(sql);
      if (insert && SERIAL_TABLES.has(insert[1]) && !/\bRETURNING\b/i.test(sql)) t = { ...t, text: `${t.text} RETURNING id` };
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(sql, t);
    }
    return t;
  }

  prepare(sql: string): Statement {
    const t = this.translate(sql);
    const query = (params: unknown[]) => this.call({ op: 'query', sql: t.text, params: bindValues(t, params) });
    return {
      run: (...p): RunResult => {
        const r = query(p);
        const id = r.rows[0]?.id;
        return { changes: r.rowCount, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
      get: (...p) => query(p).rows[0],
      all: (...p) => query(p).rows,
    };
  }

  exec(sql: string): void {
    this.call({ op: 'query', sql, params: [] });
  }

  pragma(source: string): unknown {
    throw new StoreError(`PRAGMA ${source} is SQLite-only; this store is PostgreSQL (${this.name})`);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R> {
    const run = (lockKey: number | null, args: A): R => {
      if (this.depth > 0) return this.savepoint(fn, args);
      // A connection lost mid-transaction rolled it back on the server: the whole unit is run again.
      const deadline = Date.now() + this.retryMs;
      for (;;) {
        try {
          return this.once(lockKey, fn, args);
        } catch (err) {
          const lost = err instanceof StoreError && /^cannot reach /.test(err.message);
          if (!lost || Date.now() > deadline) throw err;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        }
      }
    };
    const tx = ((...args: A) => run(null, args)) as Transaction<A, R>;
    tx.immediate = (...args: A) => run(WRITE_LOCK_KEY, args);
    return tx;
  }

  private once<A extends unknown[], R>(lockKey: number | null, fn: (...args: A) => R, args: A): R {
    this.call({ op: 'begin', lockKey });
    this.depth++;
    try {
      const out = fn(...args);
      this.call({ op: 'commit' });
      return out;
    } catch (err) {
      try {
        this.bridge.call({ op: 'rollback' });
      } catch {
        // The connection is gone; the server rolled back. The original error is the one to report.
      }
      throw err instanceof BridgeError ? pgStoreError(err, this.url) : err;
    } finally {
      this.depth--;
    }
  }

  private savepoint<A extends unknown[], R>(fn: (...args: A) => R, args: A): R {
    const name = `sp${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const out = fn(...args);
      this.exec(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      this.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.bridge.close();
  }
}
