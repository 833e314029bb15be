// Ranking's part for a dependency its callers fail on while one of its own resources is at its limit: the limit is why
// it fails (memory at the ceiling, CPU throttled), so the exhaustion, not "its dependency is failing", is the answer.
import type { Finding } from './analyzer.js';
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** Least confidence of the limit finding for it to explain the dependency's failure. */
const LIMIT_MIN = 0.4;

/** A finding that one of the service's own resources is exhausted: a limit hit, an OOM kill, or the localizer's pressure. */
function exhausted(f: Finding, service: string): boolean {
  if (f.kind !== 'condition' || f.service !== service || f.confidence < LIMIT_MIN) return false;
  return f.condition === 'saturation' || f.condition === 'oom' || (f.condition === 'anomaly' && f.category === 'resource_exhaustion');
}

/**
 * Puts a resource limit hit in the very service callers fail on just above the dependency hypothesis. Both name the same
 * service; the limit says why it fails, which is what the on-call engineer relieves. A dependency that is only named
 * (no exhausted resource of its own seen) keeps its place and its category. Run once every hypothesis is in, so the
 * localizer's "memory at 95 % of its limit" counts as much as the saturation analyzer's.
 */
export function rankExhaustedDependency(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  for (const dep of conditions.filter((k) => k.condition === 'dependency' && k.category === 'dependency_failure' && k.service)) {
    const failing = hypotheses.find((h) => h.support.includes(dep) && !h.suspect);
    const own = hypotheses
      .filter((h) => !h.suspect && h.category === 'resource_exhaustion' && h.support.some((f) => exhausted(f, dep.service!)))
      .sort((a, b) => b.score - a.score)[0];
    if (!failing || !own || own.score > failing.score) continue;
    own.score = Math.min(0.95, failing.score + 0.01);
    own.confidence = Math.min(0.95, own.score);
  }
}
