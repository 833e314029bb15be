// Ranking's part for a burstable instance that spent its credits (analyzers/burst-credits.ts): its clients' timeouts and
// the releases that share their words are what the throttled instance did to them, not why it is slow.
import type { ConditionFinding } from './change-settings.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { errorsWaitOrCannotConnect, seenByOnset } from './trigger-guards.js';

/**
 * Puts the spent credits' hypothesis first. Credits drain over hours or days of CPU above the baseline, so no release
 * minutes before the onset explains why the instance is now held there; one that shares the errors' words (a timeout
 * cut, a pool resized) only changed how its clients fail once it is. It stands over them only when the balance ran
 * out by the onset and the errors are clients waiting (a throttled instance answers slowly; it raises no exception of
 * its clients' code), so an instance spent elsewhere or after the errors began stays one hypothesis among the others.
 */
export function rankSpentCredits(hypotheses: Hypothesis[], conditions: ConditionFinding[], ctx: AnalysisContext): void {
  const spent = conditions.find((k) => k.condition === 'credits_exhausted' && k.confidence >= 0.5);
  const own = spent ? hypotheses.find((h) => h.support.includes(spent)) : undefined;
  if (!own || !seenByOnset(spent!, ctx.onset) || !errorsWaitOrCannotConnect(ctx)) return;
  for (const h of hypotheses) {
    if (h === own) continue;
    h.score = Math.min(h.score, own.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}
