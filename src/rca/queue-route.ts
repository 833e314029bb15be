// What a diff says when it moves a kind of job into another queue (RQ's `Queue("imports")` → `Queue("default")`,
// Celery's `queue='…'`, Sidekiq's `queue: :…`): read by change correlation, ranked by queue-route-rank.ts.
import { type OneTokenEdit, oneTokenEdits } from './one-token-edits.js';

/** The queue the jobs went to before (`from`) and the one they go to now (`to`, often the shared default one). */
export type QueueRoute = OneTokenEdit<string>;

/** A queue name as code writes it: a quoted string or a Ruby symbol. */
const NAME = /(["'])([\w.:-]+)\1|:(\w+)\b/g;
/** The line speaks of a queue: the word, or RQ/Celery/Sidekiq's spelling of it (`Queue(`, `queue=`, `queue:`, `@queue`). */
const QUEUE = /queue/i;

/**
 * The queue a diff moved jobs from and to: a removed and an added line of one shape that speak of a queue and differ
 * in one quoted name (`imports_q = Queue("imports", …)` → `Queue("default", …)`). Why it matters: workers of a queue
 * take its jobs in order, so jobs moved into a shared queue take the workers its other jobs need once they come in
 * numbers (a bulk import), where their own queue and workers had kept them apart. Null when no line does that; a
 * changed timeout or worker count on a queue line changes no name and is no move.
 */
export function routedQueue(diff: string): QueueRoute | null {
  return oneTokenEdits(diff, QUEUE, NAME, (m) => m[2] ?? m[3]!)[0] ?? null;
}
