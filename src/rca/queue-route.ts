// What a diff says when it moves a kind of job into another queue (RQ's `Queue("imports")` → `Queue("default")`,
// Celery's `queue='…'`, Sidekiq's `queue: :…`): read by change correlation, ranked by queue-route-rank.ts.

export interface QueueRoute {
  /** The queue the jobs went to before. */
  from: string;
  /** The queue they go to now (often the shared default one). */
  to: string;
  /** The added line, as quoted in the verdict. */
  line: string;
}

const COMMENT = /^\s*(?:#|\/\/|--|;)/;
/** A queue name as code writes it: a quoted string or a Ruby symbol. */
const NAME = /(["'])([\w.:-]+)\1|:(\w+)\b/g;
/** The line speaks of a queue: the word, or RQ/Celery/Sidekiq's spelling of it (`Queue(`, `queue=`, `queue:`, `@queue`). */
const QUEUE = /queue/i;

const names = (l: string) => [...l.matchAll(NAME)].map((m) => m[2] ?? m[3]!);
/** A line's shape with its queue names blanked: two lines of one shape differ only in the names they set. */
const shape = (l: string) => l.replace(NAME, '@').trim();

/**
 * The queue a diff moved jobs from and to: a removed and an added line of one shape that speak of a queue and differ
 * in one quoted name (`imports_q = Queue("imports", …)` → `Queue("default", …)`). Why it matters: workers of a queue
 * take its jobs in order, so jobs moved into a shared queue take the workers its other jobs need once they come in
 * numbers (a bulk import), where their own queue and workers had kept them apart. Null when no line does that; a
 * changed timeout or worker count on a queue line changes no name and is no move.
 */
export function routedQueue(diff: string): QueueRoute | null {
  const lines = diff.split('\n');
  const removed = lines.filter((l) => /^-(?!--)/.test(l)).map((l) => l.slice(1));
  for (const raw of lines) {
    if (!/^\+(?!\+\+)/.test(raw)) continue;
    const added = raw.slice(1);
    if (COMMENT.test(added) || !QUEUE.test(added)) continue;
    const twin = removed.find((r) => shape(r) === shape(added) && r.trim() !== added.trim());
    if (!twin) continue;
    const [was, now] = [names(twin), names(added)];
    const at = now.findIndex((n, i) => n !== was[i]);
    if (at < 0 || was.length !== now.length || now.some((n, i) => i !== at && n !== was[i])) continue;
    return { from: was[at]!, to: now[at]!, line: added.trim() };
  }
  return null;
}
