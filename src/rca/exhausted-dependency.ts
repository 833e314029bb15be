// Ranking's part for a dependency its callers fail on while one of its own resources is at its limit: the limit is why
// it fails (memory at the ceiling, CPU throttled), so the exhaustion, not "its dependency is failing", is the answer.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** Least confidence of the limit finding for it to explain the dependency's failure. */
const LIMIT_MIN = 0.4;

/**
 * Puts a resource limit hit in the very service callers fail on just above the dependency hypothesis. Both name the same
 * service; the limit says why it fails, which is what the on-call engineer relieves. A dependency that is only named
 * (no limit of its own seen) keeps its place and its category.
 */
export function rankExhaustedDependency(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  for (const dep of conditions.filter((k) => k.condition === 'dependency' && k.category === 'dependency_failure' && k.service)) {
    const failing = hypotheses.find((h) => h.support.includes(dep) && !h.suspect);
    const limit = conditions
      .filter((k) => (k.condition === 'saturation' || k.condition === 'oom') && k.service === dep.service && k.confidence >= LIMIT_MIN)
      .sort((a, b) => b.confidence - a.confidence)[0];
    const own = limit ? hypotheses.find((h) => h.support.includes(limit) && !h.suspect) : undefined;
    if (!failing || !own || own.score > failing.score) continue;
    own.score = Math.min(0.95, failing.score + 0.01);
    own.confidence = Math.min(0.95, own.score);
  }
}
