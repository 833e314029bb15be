// Ranking's part for a store that failed over (analyzers/failover.ts): its clients' errors, their pools waiting on dead
// sockets and releases that merely share the errors' words are what the failover did or passed by, not why.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** A change that touched how clients find the primary: failover, Sentinel, replicas, read-only, leader, topology. */
const TOPOLOGY_WORDS = /fail[-_ ]?over|sentinel|replica|\bprimary\b|\bmaster\b|read[-_ ]?only|\bleader\b|multi[-_ ]?az|topology|cluster[-_ ]?mode/i;

/** Puts the failover's hypothesis first: every release that did not change how its clients find the primary ranks below. */
export function rankFailover(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  const moved = conditions.find((k) => k.condition === 'failover' && k.confidence >= 0.5);
  const own = moved ? hypotheses.find((h) => h.support.includes(moved)) : undefined;
  if (!own) return;
  for (const h of hypotheses) {
    if (h === own) continue;
    const change = h.support.find((f) => f.kind === 'change');
    const topology = change?.kind === 'change' && (change.matched.some((w) => TOPOLOGY_WORDS.test(w)) || change.paths.some((p) => TOPOLOGY_WORDS.test(p)) || TOPOLOGY_WORDS.test(change.change.message));
    if (h.suspect && topology) continue;
    h.score = Math.min(h.score, own.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}
