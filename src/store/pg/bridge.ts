// The synchronous side of the pg worker: posts one request and blocks on Atomics.wait until the worker
// answers (the synckit technique), so the store keeps its synchronous interface on PostgreSQL too.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Request, Response, WireError, WorkerConfig } from './protocol.js';

export class BridgeError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

/** The worker script next to this module: the bundle's pg-worker.mjs, tsc's worker.js, or (tests from source) dist's. */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'pg-worker.mjs'), join(here, 'worker.js'), resolve(here, '..', '..', '..', 'dist', 'src', 'store', 'pg', 'worker.js')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`the PostgreSQL worker is not built (looked for ${candidates.join(', ')}): run npm run build`);
  return found;
}

export interface BridgeOptions extends Omit<WorkerConfig, 'signal' | 'port'> {
  /** Longest a single call may block before the store gives up on the worker. */
  callTimeoutMs: number;
}

export class SyncBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  /** Set once the worker has gone: later calls fail at once instead of waiting for the call timeout. */
  private gone = false;

  constructor(private readonly opts: BridgeOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const { callTimeoutMs: _unused, ...cfg } = opts;
    const workerData: WorkerConfig = { ...cfg, signal: this.signal.buffer as SharedArrayBuffer, port: port2 };
    this.worker = new Worker(workerScript(), { workerData, transferList: [port2] });
    // Neither may keep a finished CLI process alive; close() ends the pool first when it can.
    this.worker.unref();
    this.port.unref();
    this.worker.on('exit', () => {
      this.gone = true;
    });
  }

  call(req: Request): { rows: Array<Record<string, unknown>>; rowCount: number } {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
    if (this.gone) throw new BridgeError({ message: 'the PostgreSQL worker stopped', code: 'WORKER_EXIT', connectionLost: false });
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(req);
    const waited = Atomics.wait(this.signal, 0, 0, this.opts.callTimeoutMs);
    const msg = receiveMessageOnPort(this.port)?.message as Response | undefined;
    if (!msg) {
      if (waited !== 'timed-out') this.gone = true;
      throw new BridgeError({
        message: waited === 'timed-out' ? `no answer from PostgreSQL within ${this.opts.callTimeoutMs} ms` : 'the PostgreSQL worker stopped',
        code: 'BRIDGE_TIMEOUT',
        connectionLost: true,
      });
    }
    if (!msg.ok) throw new BridgeError(msg.error);
    return msg;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } catch {
      // The pool could not end cleanly (server gone); terminating the worker drops its sockets.
    }
    this.closed = true;
    void this.worker.terminate();
  }
}
