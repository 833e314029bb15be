// Ranking's part for a cap a change set under what its service came to use (GOMEMLIMIT under the live heap): when that
// use reached the cap as the errors began and the service hit a resource limit, the change is named however old.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { pushSetter, revertOf } from './setter-hypothesis.js';
import { AFTER_ONSET_MS } from './trigger-guards.js';

/** How long before the onset the use may reach the cap: a collector running back to back starves requests within minutes. */
const LEAD_MS = 15 * 60_000;
/** A measured mechanism (the cap's own series, the use reaching it, the limit hit) though no error names it. */
const SCORE_MIN = 0.8;

/**
 * The latest change whose setting took effect in a service's own series (setting-series.ts) and whose cap a series
 * of that service then rose to, between LEAD_MS before the onset and just after it, while that same service is at a
 * resource limit (its CPU, spent by the collector): a hypothesis above the leading one. The cap reached long before
 * or after the onset, or a service with no limit hit, leaves the ranking as it was.
 */
export function rankReachedSetting(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const found = changes
    .filter((c) => !c.inert && Date.parse(c.change.time) <= onset && c.setIn?.reached)
    .filter((c) => c.setIn!.reached!.time >= onset - LEAD_MS && c.setIn!.reached!.time <= onset + AFTER_ONSET_MS)
    .map((c) => ({ c, k: conditions.find((k) => k.condition === 'saturation' && k.confidence >= 0.3 && k.service === c.setIn!.service) }))
    .filter((x): x is { c: ChangeFinding; k: ConditionFinding } => x.k !== undefined)
    .sort((a, b) => Date.parse(b.c.change.time) - Date.parse(a.c.change.time))[0];
  if (!found) return;
  const { c } = found;
  const set = c.setIn!;
  const reached = set.reached!;
  const top = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const score = Math.min(0.9, Math.max(SCORE_MIN, (top?.score ?? 0) + 0.02));
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const pushed = pushSetter(hypotheses, c, {
    summary:
      `${set.service} broke after commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref}: it set ${set.key}, which ${set.series} shows at ${set.to} from ` +
      `${new Date(set.time).toISOString()}; ${reached.series} rose to ${reached.value} (${Math.round((100 * reached.value) / set.to)}% of it) ${minutes(Math.max(0, onset - reached.time))} ` +
      `before the errors, and ${set.service} has been at a resource limit since: the cap is below what it now uses (timing of the use reaching the cap, not words)`,
    service: set.service,
    score,
    base,
    recommendations: [
      `Raise or remove ${set.key} in ${set.service} (${revertOf(c)}) and confirm its CPU and latency return to their level before`,
      `Size ${set.key} against ${set.service}'s measured peak use, with headroom, before setting it again`,
    ],
  });
  // What the callers' timeouts share with a later release's words is how the starved service looks from them.
  if (pushed && top && top.suspect?.sha !== c.change.sha) {
    top.score = Math.min(top.score, score - 0.05);
    top.confidence = Math.min(top.confidence, top.score);
  }
}
