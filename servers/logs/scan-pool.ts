// Runs scans in worker threads so the server's own thread never blocks: a scan that makes no progress for
// `stallMs` (a catastrophic regex) is terminated, and the caller gets an error while later calls are served.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScanReply, ScanTask } from './scan-protocol.js';

export class ScanStalledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanStalledError';
  }
}

/**
 * A scan's garbage is short-lived strings (lines, slices): a small young generation collects them as well and keeps
 * each worker's resident memory low, so the server stays under its memory target with every core scanning.
 */
const LIMITS = { resourceLimits: { maxYoungGenerationSizeMb: 12 } };

/** Workers started and tasks run on them since this module loaded: tests see which scans took a worker. */
let started = 0;
let tasks = 0;
export const scanPoolCounts = (): { started: number; tasks: number } => ({ started, tasks });

/** How the worker script is found from this module: the esbuild bundle, the tsc output or (tests) the sources. */
function spawnWorker(): Worker {
  started++;
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Only under vitest/tsx (sources run untranspiled): the worker registers the dev-only tsx loader itself;
    // the built server never takes this branch, so tsx is no runtime dependency.
    const url = new URL('./scan-worker.ts', here).href;
    const loader = JSON.stringify('tsx/esm/api');
    return new Worker(`import(${loader}).then((m) => { m.register(); return import(${JSON.stringify(url)}); })`, { eval: true, ...LIMITS });
  }
  if (/\/bundle\/[^/]+\.[cm]js$/.test(here)) return new Worker(new URL('./logs-scan-worker.mjs', here), LIMITS);
  return new Worker(new URL('./scan-worker.js', here), LIMITS);
}

const MAX_IDLE = 4;
const idle: Worker[] = [];
let nextId = 1;

function take(): Worker {
  const w = idle.pop() ?? spawnWorker();
  w.ref();
  return w;
}

function giveBack(w: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void w.terminate();
    return;
  }
  w.unref(); // an idle worker never keeps the process alive
  idle.push(w);
}

/**
 * Has `n` workers loaded ahead of the first calls (the standalone server does; tests start them on demand). Those
 * already scanning count: calls that arrived before this was decided have started their own.
 */
export function prewarmScanWorkers(n: number): void {
  while (idle.length + busy < Math.min(n, MAX_IDLE)) giveBack(spawnWorker());
}

/**
 * Stall limits. A worker ticks every 100 ms unless one call holds it: in a search, that is the caller's regex, and a
 * second without a tick means a runaway pattern. Other scans run only this server's own parsing, so their limit is
 * a safety net that a busy machine never trips.
 */
export const SEARCH_STALL_MS = 1_000;
export const SCAN_STALL_MS = 20_000;
/** Extra time for a fresh worker to load before its first tick. */
const STARTUP_MS = 5_000;

// Busy scan threads in this process, whatever the task: concurrent calls (rca asks for signatures, stats and
// request flows at once) share the cores instead of each starting its own worker, which also keeps memory flat.
const CAP = Math.max(2, availableParallelism());
let busy = 0;
const waiting: Array<() => void> = [];

/** Runs one task on a worker once a thread is free; rejects with ScanStalledError when it stops reporting progress for stallMs. */
export async function runScan<R>(task: ScanTask, stallMs = task.kind === 'search' ? SEARCH_STALL_MS : SCAN_STALL_MS): Promise<R> {
  while (busy >= CAP) await new Promise<void>((r) => waiting.push(r));
  busy++;
  try {
    return await scanOnWorker<R>(task, stallMs);
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

function scanOnWorker<R>(task: ScanTask, stallMs: number): Promise<R> {
  tasks++;
  const worker = take();
  const id = nextId++;
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    let last = Date.now();
    let started = false;
    const finish = (fn: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) giveBack(worker);
      else void worker.terminate();
      fn();
    };
    const onMessage = (m: ScanReply) => {
      if (m.id !== id) return;
      last = Date.now();
      started = true;
      if (m.type === 'done') finish(() => resolve(m.result as R), true);
      else if (m.type === 'error') finish(() => reject(new Error(m.message)), true);
    };
    const onError = (err: Error) => finish(() => reject(err), false);
    const onExit = (code: number) => finish(() => reject(new Error(`scan worker exited with code ${code}`)), false);
    const stalled = () => Date.now() - last > stallMs + (started ? 0 : STARTUP_MS);
    const timer = setInterval(() => {
      // Timers run before queued messages are read: look again once they have been, so a busy machine that delayed
      // this thread is not mistaken for a stuck worker.
      if (stalled()) setImmediate(() => stalled() && finish(() => reject(new ScanStalledError(`no progress for ${stallMs} ms`)), false));
    }, Math.min(100, stallMs / 4));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ ...task, id });
  });
}
