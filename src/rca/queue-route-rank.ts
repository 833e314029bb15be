// A worker pool all busy since a change moved a kind of job into its shared queue: workers take a queue's jobs in order,
// so a burst of the moved kind (a bulk import's chunks) holds every worker while the queue's other jobs wait.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { changeOf, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { textOf } from './signals.js';
import { minutes } from './analyzers/change-correlation.js';

/** A gauge of a pool's workers (RQ's rq_workers, Celery's active workers, a consumer or executor pool's busy count). */
const WORKER_POOL = /worker|consumer|executor/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * With a worker pool's gauge pinned or jumped against its ceiling at the onset, and the failing lines of one service
 * naming the kind of job a change moved out of its own queue (`imports` in `app.imports.process_chunk` after
 * `Queue("imports")` → `Queue("default")`), names that change, however long before: the move bites only when that
 * kind comes in a burst, and its commit message may speak of saving pods, not of the queue its workers share.
 */
export function rankQueueRoute(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const pool = conditions.find((k) => k.condition === 'saturation' && k.metric !== undefined && WORKER_POOL.test(k.metric));
  if (!pool) return;
  for (const c of changes.filter((x) => x.routes && !x.inert && Date.parse(x.change.time) <= onset).sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))) {
    const moved = new RegExp(`(?:^|[^\\w-])${escape(c.routes!.from)}(?![\\w-])`, 'i');
    // The jobs holding the workers are the moved kind: the pool's own lines (a job timing out, an exception) name it.
    const named = ctx.related.filter((r) => r.service && (r.isNew || r.post > 2 * r.pre) && moved.test(textOf(r)));
    const services = [...new Set(named.map((r) => r.service!))];
    // A change of another service moved its own jobs; the pool that filled is the one it configures.
    if (services.length !== 1 || !changeOf(c, services[0]!)) continue;
    push(hypotheses, c, services[0]!, pool, base, ctx, named[0]!.sig.example.split('\n')[0]!);
    return;
  }
}

function push(hypotheses: Hypothesis[], c: ChangeFinding, service: string, pool: ConditionFinding, base: Finding[], ctx: AnalysisContext, line: string): void {
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(c, [pool], base, ctx, 'limit', pool);
  h.service = service;
  h.category = 'config_error';
  const r = c.routes!;
  const gap = minutes(Math.max(0, ctx.onset! - Date.parse(c.change.time)));
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  h.summary =
    `${service}'s workers are all busy (${pool.summary.replace(/^[^:]*: /, '').slice(0, 120)}) with ${r.from} jobs ("${line.slice(0, 90)}"), which commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} ` +
    `moved from their own queue into ${r.to} ${gap} before the onset ("${r.line.slice(0, 80)}"): the ${r.to} queue's other jobs wait behind them`;
  h.score = h.confidence = justAbove(hypotheses, 0.6, 0.9);
  h.support = [...base, pool, c];
  h.recommendations = [
    `Give ${r.from} jobs their own queue and workers again (revert ${c.change.sha.slice(0, 12)} "${c.change.message}"${c.change.ref ? ` or roll back ${c.change.ref}` : ''}), then drain the ${r.to} queue's backlog`,
    `Keep bulk jobs off a queue that latency-sensitive jobs share, or cap how many workers one kind may hold; alert on the age of the oldest queued job, not only on failures`,
  ];
  hypotheses.push(h);
}
