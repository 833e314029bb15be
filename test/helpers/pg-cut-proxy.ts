// A TCP proxy in front of a test PostgreSQL's unix socket that, once armed, loses the reply to a write's commit:
// when the server answers a write with ReadyForQuery "idle" (it committed), both sides are cut before the client sees it.
import { Worker } from 'node:worker_threads';

export interface CutProxy {
  port: number;
  /** The next committed write's reply is swallowed and the connection cut. */
  arm(): void;
  /** How many replies were swallowed. */
  readonly cuts: number;
  close(): Promise<void>;
}

// The proxy runs in its own thread: the store under test is synchronous and blocks this one while it waits.
// Shared memory holds [armed, cuts], read and written without waiting for either thread's event loop.
const PROXY = String.raw`
const { createConnection, createServer } = require('node:net');
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const COMMITTING = /^(INSERT|UPDATE|DELETE|COMMIT)\b/;
const server = createServer((client) => {
  const upstream = createConnection(workerData.socketPath);
  for (const s of [client, upstream]) s.on('error', () => undefined);
  client.on('data', (d) => upstream.write(d));
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  // Server messages: a type byte and an int32 length. From CommandComplete to ReadyForQuery they are held back,
  // so a swallowed reply is swallowed whole.
  let buf = Buffer.alloc(0);
  let held = [];
  let tag = '';
  upstream.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 5 && buf.length >= 1 + buf.readInt32BE(1)) {
      const size = 1 + buf.readInt32BE(1);
      const msg = buf.subarray(0, size);
      buf = buf.subarray(size);
      const type = String.fromCharCode(msg[0]);
      if (type === 'C') tag = msg.subarray(5, size - 1).toString('utf8');
      if (type === 'C' || held.length) held.push(msg);
      else client.write(msg);
      if (type !== 'Z') continue;
      const idle = String.fromCharCode(msg[5]) === 'I';
      if (idle && COMMITTING.test(tag) && Atomics.compareExchange(state, 0, 1, 0) === 1) {
        Atomics.add(state, 1, 1);
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(Buffer.concat(held));
      held = [];
      tag = '';
    }
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.close(); process.exit(0); });
`;

export async function startCutProxy(socketPath: string): Promise<CutProxy> {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(PROXY, { eval: true, workerData: { socketPath, state: state.buffer } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    arm: () => {
      Atomics.store(state, 0, 1);
    },
    get cuts() {
      return Atomics.load(state, 1);
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
