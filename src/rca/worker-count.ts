// What a diff says when it raises a server's count of worker processes (Puma's `workers`, gunicorn's `-w`, WEB_CONCURRENCY,
// uWSGI's `processes`, PHP-FPM's `pm.max_children`): read by change correlation, ranked by worker-memory-rank.ts.

/**
 * Settings that count worker processes, each holding its own copy of the application in memory. Thread counts
 * (`threads`, `max_threads`) and Sidekiq's or Celery's `concurrency` (threads in one of them) share one process's
 * memory and are left out, as are connection counts (`worker_connections`).
 */
const WORKER_KEY =
  /(?:^|[^\w-])(?:workers|worker_processes|num_workers|worker_count|web_concurrency|processes|max_children|-w|--workers)(?![\w-])(?!_connections)/i;
const COMMENT = /^\s*(?:#|\/\/|--|;)/;

export interface WorkerRaise {
  from: number;
  to: number;
  /** The added line, as quoted in the verdict. */
  line: string;
}

/** A line's shape with its numbers blanked: two lines of one shape differ only in the numbers they set. */
const shape = (l: string) => l.replace(/\d+(?:\.\d+)?/g, '#').trim();
const numbers = (l: string) => (l.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);

/**
 * The worker count the diff raised: a removed and an added line of one shape that name a worker-process setting and
 * differ in one number, the added one larger (`workers ENV.fetch("WEB_CONCURRENCY") { 2 }` → `{ 4 }`). Null otherwise.
 */
export function raisedWorkerCount(diff: string): WorkerRaise | null {
  const lines = diff.split('\n');
  const removed = lines.filter((l) => /^-(?!--)/.test(l)).map((l) => l.slice(1));
  for (const raw of lines) {
    if (!/^\+(?!\+\+)/.test(raw)) continue;
    const added = raw.slice(1);
    if (COMMENT.test(added) || !WORKER_KEY.test(added)) continue;
    const twin = removed.find((r) => shape(r) === shape(added) && r.trim() !== added.trim());
    if (!twin) continue;
    const [was, now] = [numbers(twin), numbers(added)];
    const at = now.findIndex((n, i) => n !== was[i]);
    if (at < 0 || now.some((n, i) => i !== at && n !== was[i])) continue;
    if (now[at]! > was[at]!) return { from: was[at]!, to: now[at]!, line: added.trim() };
  }
  return null;
}
