// The pg worker thread behind the synchronous PostgreSQL store: owns a pg.Pool, runs one request at a time
// (a transaction pins one pooled client) and retries plain queries while the server restarts; a write whose
// COMMIT reply was lost is looked up by its transaction id (txid_status) instead of being run a second time.
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

/**
 * Whether transaction `xid` committed, asked on a new connection after the old one was lost with its COMMIT reply.
 * A backend that has not yet noticed the lost client still shows it "in progress": wait for the outcome.
 */
async function outcome(xid: string): Promise<'committed' | 'aborted' | 'unknown'> {
  const deadline = Date.now() + cfg.retryMs;
  for (;;) {
    let s: unknown;
    try {
      s = (await withRetry(() => pool.query('SELECT txid_status($1::bigint) AS s', [xid]))).rows[0]?.s;
    } catch {
      return 'unknown';
    }
    if (s === 'committed' || s === 'aborted') return s;
    if (s !== 'in progress' || Date.now() > deadline) return 'unknown';
    await sleep(100);
  }
}

/** A lost connection after COMMIT was sent: success when it committed, a plain failure (never retried) when unknown. */
async function afterLostCommit(err: unknown, xid: string | null): Promise<void> {
  if (!xid || !wire(err).connectionLost) throw err;
  const o = await outcome(xid);
  if (o === 'committed') return;
  if (o === 'unknown') throw new Error(`the connection was lost with the COMMIT reply and the outcome of transaction ${xid} could not be read; not retried, as it may have committed (${wire(err).message})`);
  throw err; // aborted: safe to run again
}

/** Writes that reach here one statement at a time, each retried on a lost connection: they run in a tracked transaction. */
const WRITE = /^\s*(?:INSERT|UPDATE|DELETE)\b/i;

async function trackedWrite(sql: string, params: unknown[] | undefined): Promise<pg.QueryResult> {
  return withRetry(async () => {
    const client = await pool.connect();
    let xid: string | null = null;
    let result: pg.QueryResult | null = null;
    try {
      // One round trip for both: a multi-statement query answers with one result per statement.
      const began = (await client.query('BEGIN; SELECT txid_current()::text AS x')) as unknown as pg.QueryResult[];
      xid = String(began[1].rows[0].x);
      result = await client.query(sql, params);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      client.release(true);
      // Before COMMIT was answered the server rolls the transaction back when it sees the client gone: retry is safe.
      if (result === null) throw err;
      await afterLostCommit(err, xid);
      return result;
    }
  });
}

async function handle(req: Request): Promise<Response> {
  switch (req.op) {
    case 'query': {
      const r = tx
        ? await tx.query(req.sql, req.params)
        : WRITE.test(req.sql)
          ? await trackedWrite(req.sql, req.params)
          : await withRetry(() => pool.query(req.sql, req.params));
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
      let xid: string | null = null;
      try {
        // A transaction that wrote has an id: asked for before COMMIT, so a lost reply can be resolved by it.
        if (req.op === 'commit') xid = ((await client.query('SELECT txid_current_if_assigned()::text AS x')).rows[0]?.x as string | null) ?? null;
        await client.query(req.op === 'commit' ? 'COMMIT' : 'ROLLBACK');
        client.release();
      } catch (err) {
        client.release(true);
        if (req.op === 'rollback') throw err;
        await afterLostCommit(err, xid);
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
