// Ranking's part for memory run out after a change raised the count of worker processes: each worker (Puma, gunicorn,
// uWSGI, PHP-FPM) holds its own copy of the application, so the same box now needs that many times the memory.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { topDirectory, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';

/** A worker count that multiplied memory is near proof once memory ran out; it ranks over releases tied by words. */
const SCORE = 0.8;
/** How weakly memory run out may be stated and still be the mechanism (a platform's quota notice alone is 0.4). */
const OOM_MIN = 0.35;

/**
 * With memory run out in a service (a kill, a quota notice such as Heroku's R14), names the latest change before the
 * onset that raised that service's worker-process count, as a configuration error: the memory a box holds grows with
 * its workers, and the extra workers fill it only once traffic wakes them all, often well after the release.
 */
export function rankWorkerMemory(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const oom = conditions.filter((k) => k.condition === 'oom' && k.confidence >= OOM_MIN).sort((a, b) => b.confidence - a.confidence)[0];
  if (!oom) return;
  // A change in another known service's folder raised that service's workers, not the ones whose memory ran out.
  const elsewhere = (c: ChangeFinding) => {
    const top = topDirectory(c.paths);
    return top !== null && oom.service !== null && top !== oom.service && ctx.services.has(top);
  };
  const raiser = changes
    .filter((c) => c.workers && !c.inert && Date.parse(c.change.time) <= onset && !elsewhere(c))
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!raiser) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === raiser.change.sha);
  if (same >= 0 && hypotheses[same]!.score >= SCORE) return;
  if (same >= 0) hypotheses.splice(same, 1);
  const w = raiser.workers!;
  const h = fromChange(raiser, [oom], base, ctx, 'limit', oom);
  h.service = oom.service ?? h.service;
  h.category = 'config_error';
  const gap = minutes(Math.max(0, onset - Date.parse(raiser.change.time)));
  const ref = raiser.change.ref ? ` (${raiser.change.ref})` : '';
  h.summary =
    `${h.service ?? 'the service'} ran out of memory ${gap} after commit ${raiser.change.sha.slice(0, 8)} "${raiser.change.message}"${ref} raised its worker processes from ${w.from} to ${w.to} ` +
    `("${w.line.slice(0, 80)}"): each worker holds its own copy of the application, so the same memory now has to hold ${(w.to / w.from).toFixed(1)} times as much`;
  h.score = h.confidence = SCORE;
  h.support = [...base, oom, raiser];
  h.recommendations = [
    `Set the worker count back to ${w.from} (revert ${raiser.change.sha.slice(0, 12)} "${raiser.change.message}"${raiser.change.ref ? ` or roll back ${raiser.change.ref}` : ''}) and confirm memory falls under the limit`,
    'Size workers to the memory each one takes at peak (memory limit / per-worker peak), or move to a larger instance before adding workers; add threads rather than processes where the app is thread-safe',
  ];
  hypotheses.push(h);
}
