// Ranking's part for a node's clock gone wrong (analyzers/clock-skew.ts): tokens refused as not yet valid were stamped
// by a clock running ahead, so the clock is the cause, over the rejection itself and over releases that share its words.
import type { ConditionFinding } from './change-settings.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { seenByOnset } from './trigger-guards.js';

/** A change that touched time itself: clock sync, validity leeway, the not-before or issued-at claims. */
const TIME_WORDS = /clock|\bntp|chrony|timesync|leeway|skew|\bnbf\b|\biat\b|not[_ -]?before|issued[_ -]?at/i;

/** Puts the clock's hypothesis first: the refused credentials and every release that did not touch time rank below it. */
export function rankClockSkew(hypotheses: Hypothesis[], conditions: ConditionFinding[], ctx: AnalysisContext): void {
  const skew = conditions.find((k) => k.condition === 'clock_skew' && k.confidence >= 0.5);
  const own = skew ? hypotheses.find((h) => h.support.includes(skew)) : undefined;
  // A clock that went off only after the tokens were already refused did not stamp them.
  if (!own || !seenByOnset(skew!, ctx.onset)) return;
  for (const h of hypotheses) {
    if (h === own) continue;
    const change = h.support.find((f) => f.kind === 'change');
    const timeChange = change?.kind === 'change' && (change.matched.some((w) => TIME_WORDS.test(w)) || change.paths.some((p) => TIME_WORDS.test(p)) || TIME_WORDS.test(change.change.message));
    // A rejection is what the clock did; a release is only a rival when it changed how time is checked.
    const rejected = h.support.some((f) => f.kind === 'condition' && f.condition === 'cert_auth');
    if ((h.suspect && !timeChange) || (!h.suspect && rejected)) {
      h.score = Math.min(h.score, own.score - 0.05);
      h.confidence = Math.min(h.confidence, h.score);
    }
  }
}
