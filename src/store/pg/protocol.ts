// Messages between the synchronous store (main thread) and the pg worker: one request at a time, answered
// on a MessagePort and signalled through a SharedArrayBuffer the caller waits on with Atomics.wait.
import type { MessagePort } from 'node:worker_threads';

export interface WorkerConfig {
  url: string;
  /** Pool size; a CLI process runs one query at a time, the pool replaces broken connections. */
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** How long a query outside a transaction keeps retrying while the server is unreachable (restarts). */
  retryMs: number;
  /** The waiting side: index 0 flips to 1 when an answer is on the port. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}

export type Request =
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'begin'; lockKey: number | null }
  | { op: 'commit' }
  | { op: 'rollback' }
  | { op: 'close' };

export interface WireError {
  message: string;
  /** SQLSTATE from the server, or the Node error code (ECONNREFUSED...). */
  code: string | null;
  /** The server or socket went away: the same work may be retried on a new connection. */
  connectionLost: boolean;
}

export type Response =
  | { ok: true; rows: Array<Record<string, unknown>>; rowCount: number }
  | { ok: false; error: WireError };
