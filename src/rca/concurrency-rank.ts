// Ranking's part for a release that stepped its service's concurrency setting past the CPU limit (concurrency-step.ts):
// that release is named however long before the errors, since the throttling it causes only bites once load climbs.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import type { ChangeFinding } from './change-settings.js';
import { errorsMayWaitOn } from './trigger-guards.js';

/** Below the ceiling-rank's clearest case: a measured mechanism, though no error names it. */
const SCORE_MIN = 0.8;

/**
 * Of the releases whose concurrency setting stepped past the CPU limit, the commit whose message or diff speaks of that
 * setting (the one that changed it; a sibling commit only rode the same release), else the latest, as a hypothesis
 * above the leading one: words a later change shares with the errors are what throttled calls time out with, no cause.
 */
export function rankConcurrencyStep(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  const c = changes
    .filter((x) => x.concurrency && !x.inert)
    .sort((a, b) => Number(b.concurrency!.names) - Number(a.concurrency!.names) || Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!c) return;
  const { service, step } = c.concurrency!;
  // Throttling makes the service slow, never wrong: the errors must be waits that may be on it (not all on another).
  if (!errorsMayWaitOn(ctx, service)) return;
  const top = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const score = Math.min(0.9, Math.max(SCORE_MIN, (top?.score ?? 0) + 0.02));
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const gap = minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)));
  hypotheses.push({
    summary:
      `${service}'s release${ref} with commit ${c.change.sha.slice(0, 8)} "${c.change.message}" set more runnable threads than its CPU quota grants: ${step}; ` +
      `the CFS quota then throttles it each period once load climbs, and its slow answers time out in its callers. It went live ${gap} before the errors`,
    category: 'config_error',
    service,
    suspect: c.change,
    confidence: score,
    score,
    support: [...base, c],
    recommendations: [
      `Size ${service}'s concurrency to its CPU limit again (revert ${c.change.sha.slice(0, 12)} "${c.change.message}"${c.change.ref ? ` of ${c.change.ref}` : ''}, or set GOMAXPROCS / the pool size from the container's quota)`,
      `Watch ${service}'s throttled CFS periods against its total periods and its tail latency until they return to their level before the release`,
      'Check a runtime concurrency setting against the container CPU limit in the change review (automaxprocs, -XX:ActiveProcessorCount, pool sizes)',
    ],
  });
  // The words a later change shares with the timeouts are what the throttling looks like from its callers.
  if (top && top.suspect?.sha !== c.change.sha) {
    top.score = Math.min(top.score, score - 0.05);
    top.confidence = Math.min(top.confidence, top.score);
  }
}
