// The pg worker thread behind the synchronous PostgreSQL store: owns a pg.Pool, runs one request at a time
// (a transaction pins one pooled client) and retries plain queries while the server restarts.
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import type { Request, Response, WireError, WorkerConfig } from './protocol.js';

const cfg = workerData as WorkerConfig;
const signal = new Int32Array(cfg.signal);

// COUNT(*) and SUM() are int8/numeric on the wire: the store's row schemas expect numbers, as SQLite returns.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const pool = new pg.Pool({
  connectionString: cfg.url,
  max: cfg.poolMax,
  connectionTimeoutMillis: cfg.connectTimeoutMs,
  idleTimeoutMillis: 10_000,
  statement_timeout: cfg.statementTimeoutMs,
  allowExitOnIdle: true,
});
// A pooled idle client whose server went away emits 'error'; the pool drops it and the next query reconnects.
pool.on('error', () => undefined);
// A checked-out client (a transaction between two statements) has no pool listener: a server restart would be an
// uncaught 'error' killing this worker. Its next query fails as "not queryable", which is retried as a lost connection.
pool.on('connect', (client) => client.on('error', () => undefined));
// Should the worker die anyway, wake the waiting caller now rather than after the call timeout: it finds no answer.
process.on('exit', () => {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});

let tx: pg.PoolClient | null = null;

const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

function wire(err: unknown): WireError {
  const e = err as { message?: string; code?: string };
  const message = String(e?.message ?? err);
  const code = typeof e?.code === 'string' ? e.code : null;
  const connectionLost =
    (code !== null && LOST_CODES.has(code)) ||
    /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|not queryable/i.test(message);
  return { message, code, connectionLost };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + cfg.retryMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await fn();
    } catch (err) {
      if (!wire(err).connectionLost || Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}

async function handle(req: Request): Promise<Response> {
  switch (req.op) {
    case 'query': {
      const r = tx ? await tx.query(req.sql, req.params) : await withRetry(() => pool.query(req.sql, req.params));
      // A multi-statement exec answers with one result per statement; callers only read the last.
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    }
    case 'begin': {
      const client = await withRetry(() => pool.connect());
      try {
        await client.query('BEGIN');
        // An "immediate" transaction takes one database-wide advisory lock: writers queue like SQLite's.
        if (req.lockKey !== null) await client.query('SELECT pg_advisory_xact_lock($1)', [req.lockKey]);
      } catch (err) {
        client.release(true);
        throw err;
      }
      tx = client;
      return { ok: true, rows: [], rowCount: 0 };
    }
    case 'commit':
    case 'rollback': {
      const client = tx;
      tx = null;
      if (!client) return { ok: true, rows: [], rowCount: 0 };
      try {
        await client.query(req.op === 'commit' ? 'COMMIT' : 'ROLLBACK');
        client.release();
      } catch (err) {
        client.release(true);
        throw err;
      }
      return { ok: true, rows: [], rowCount: 0 };
    }
    case 'close':
      tx?.release(true);
      tx = null;
      await pool.end();
      return { ok: true, rows: [], rowCount: 0 };
  }
}

cfg.port.on('message', (req: Request) => {
  void handle(req)
    .catch((err: unknown): Response => ({ ok: false, error: wire(err) }))
    .then((res) => {
      cfg.port.postMessage(res);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    });
});
