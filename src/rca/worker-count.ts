// What a diff says when it raises a server's count of worker processes (Puma's `workers`, gunicorn's `-w`, WEB_CONCURRENCY,
// uWSGI's `processes`, PHP-FPM's `pm.max_children`): read by change correlation, ranked by worker-memory-rank.ts.
import { type OneTokenEdit, oneTokenEdits } from './one-token-edits.js';

/**
 * Settings that count worker processes, each holding its own copy of the application in memory. Thread counts
 * (`threads`, `max_threads`) and Sidekiq's or Celery's `concurrency` (threads in one of them) share one process's
 * memory and are left out, as are connection counts (`worker_connections`).
 */
const WORKER_KEY =
  /(?:^|[^\w-])(?:workers|worker_processes|num_workers|worker_count|web_concurrency|processes|max_children|-w|--workers)(?![\w-])(?!_connections)/i;

/** The worker count before (`from`) and after (`to`). */
export type WorkerRaise = OneTokenEdit<number>;

/**
 * The worker count the diff raised: a removed and an added line of one shape that name a worker-process setting and
 * differ in one number, the added one larger (`workers ENV.fetch("WEB_CONCURRENCY") { 2 }` → `{ 4 }`). Null otherwise.
 */
export function raisedWorkerCount(diff: string): WorkerRaise | null {
  return oneTokenEdits(diff, WORKER_KEY, /\d+(?:\.\d+)?/, (m) => Number(m[0])).find((e) => e.to > e.from) ?? null;
}
