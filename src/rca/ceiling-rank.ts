// Ranking's part for a workload held at its autoscaler's ceiling (analyzers/autoscaler-ceiling.ts): the change that
// lowered that very ceiling is named however long before it went live, since a ceiling only bites once load reaches it.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { setsCeiling, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { showsInErrors } from './trigger-guards.js';
import { revertOf } from './setter-hypothesis.js';

/** The ceiling condition must be this clear before a change is named for it. */
const HELD_MIN = 0.5;

/**
 * The change that lowered a held service's replicas ceiling to exactly the value it is held at, as a hypothesis above
 * the condition it explains (which stays as its mechanism). Raising the ceiling to that value relieved it: not named.
 */
export function rankCeiling(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const services = new Set([...ctx.services, ...conditions.flatMap((k) => (k.service ? [k.service] : []))]);
  for (const k of conditions) {
    if (k.ceiling === undefined || !k.service || k.confidence < HELD_MIN) continue;
    const service = k.service;
    // Held at its maximum but neither failing nor named by what fails: a quiet workload at its ceiling, not this incident.
    if (!showsInErrors(ctx, service)) continue;
    const setter = changes
      .map((c) => ({ c, s: setsCeiling(c, service, k.ceiling!, services) }))
      .filter((x) => x.s !== null && Number(x.s.from) > Number(x.s.to))
      // The latest is the one in force.
      .sort((a, b) => Date.parse(b.c.change.time) - Date.parse(a.c.change.time))[0];
    if (!setter) continue;
    const { c, s } = setter;
    const own = hypotheses.find((h) => h.support.includes(k));
    const score = Math.min(0.9, 0.6 + 0.35 * k.confidence);
    const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
    if (same >= 0) hypotheses.splice(same, 1);
    const ref = c.change.ref ? ` (${c.change.ref})` : '';
    const where = s!.path ? ` in ${s!.path}` : '';
    const gap = minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)));
    hypotheses.push({
      summary:
        `${service} was held at the replicas ceiling that commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} set (${s!.key} changed from ${s!.from} to ${s!.to}${where}): ` +
        `a configuration change lowered ${service}'s autoscaler maximum to the ${s!.to} replicas it sat at when the errors began; it went live ${gap} before them, and a ceiling only bites once load reaches it`,
      category: 'config_error',
      service,
      suspect: c.change,
      confidence: score,
      score,
      support: [...base, c, k],
      recommendations: [
        `Raise ${s!.key} of ${service} back to ${s!.from} (${revertOf(c)}) and confirm its autoscaler scales past ${s!.to}`,
        k.recommendation,
        'Review a replicas ceiling against the measured peak before lowering it (a capacity check in the change review)',
      ],
    });
    // The ceiling is how the change broke it, not a rival answer.
    if (own) {
      own.score = Math.min(own.score, score - 0.05);
      own.confidence = Math.min(own.confidence, own.score);
    }
  }
}

/** The ceiling a hypothesis rests on, for the reasons given to the releases it rules out; null when none. */
export function heldCeiling(best: Hypothesis): { service: string; ceiling: number } | null {
  const k = best.support.find((f): f is ConditionFinding => f.kind === 'condition' && f.ceiling !== undefined && f.service !== null);
  return k ? { service: k.service!, ceiling: k.ceiling! } : null;
}
