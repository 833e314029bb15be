// Ranking's part for a dependency its callers fail on that only waits itself: the localizer found its handling slowed
// with no pressure of its own and placed the store it waits on above it, so that store, not "it fails", is the answer.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/**
 * Puts the store a failing dependency waits on just above the dependency hypothesis. The callers' errors name the
 * service they call (a cart service timing out), not the database behind it; when that service's own request time rose
 * while its CPU, memory and errors stayed put, it is waiting on its store (a loss or delay on the store's network path
 * shows only this way: the store measures its own work, unchanged), which is where the on-call engineer acts. A
 * dependency with a cause of its own gets no store placed above it (waited-on.ts) and keeps its place.
 */
export function rankWaitedStore(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  for (const dep of conditions.filter((k) => k.condition === 'dependency' && k.category === 'dependency_failure' && k.service)) {
    const failing = hypotheses.find((h) => h.support.includes(dep) && !h.suspect);
    const store = hypotheses
      .filter((h) => !h.suspect && h.service !== dep.service && h.support.some((f) => f.kind === 'condition' && f.condition === 'anomaly' && f.waitedBy === dep.service))
      .sort((a, b) => b.score - a.score)[0];
    if (!failing || !store || store.score > failing.score) continue;
    store.score = Math.min(0.95, failing.score + 0.01);
    store.confidence = Math.min(0.95, store.score);
  }
}
