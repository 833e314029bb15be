// A proxy stuck on its upstream's old addresses (analyzers/stale-resolution.ts): the proxy's own latest change that made
// it resolve the name once, however long before (up to a week), over releases that merely went live near the onset.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { latestOwnChange } from './change-owner.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';

/**
 * With a proxy's connects failing on addresses another client of the same upstream left, names that proxy's latest
 * change before the onset whose diff pins resolution (an `upstream` block where a `resolver` was): the pin bites only
 * once the upstream's addresses move, which is why the onset follows it by days and no release at the onset explains it.
 */
export function rankStaleResolution(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  // Each proxy told, most failures first: a proxy's access log and error log may be two services by their files' names.
  for (const stale of conditions.filter((k) => k.condition === 'stale_resolution' && k.service)) {
    const proxy = stale.service!;
    const change = latestOwnChange(changes, proxy, onset, (c) => !!c.pinsResolution);
    if (!change) continue;
    const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
    if (same >= 0) hypotheses.splice(same, 1);
    const h = fromChange(change, [stale], base, ctx, 'relevance');
    h.service = proxy;
    h.category = 'config_error';
    if (!h.support.includes(stale)) h.support.push(stale);
    const gap = minutes(Math.max(0, onset - Date.parse(change.change.time)));
    h.summary = `${proxy} resolves its upstream's name once since commit ${change.change.sha.slice(0, 8)} "${change.change.message}"${change.change.ref ? ` (${change.change.ref})` : ''}, ${gap} before the onset (it adds \`${change.pinsResolution}\`): ${stale.summary}`;
    h.score = h.confidence = justAbove(hypotheses, 0.6, 0.9);
    h.recommendations = [
      `Reload or restart ${proxy} now so it resolves the current addresses`,
      `Revert ${change.change.sha.slice(0, 12)} "${change.change.message}"${change.change.ref ? ` (${change.change.ref})` : ''} or make it re-resolve as the records change (nginx: \`resolver\` with \`valid=\` and the host in a variable, or \`server … resolve\`)`,
    ];
    // The proxy stuck on old addresses (as its access and error logs tell it) is what the change did, not a rival answer.
    for (const o of hypotheses) if (o.suspect === null && o.support.some((f) => f.kind === 'condition' && f.condition === 'stale_resolution')) o.score = o.confidence = Math.min(o.score, h.score - 0.05);
    hypotheses.push(h);
    return;
  }
}
