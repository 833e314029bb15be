// Ranking's part for a store that failed over (analyzers/failover.ts): its clients' errors, their pools waiting on dead
// sockets and releases that merely share the errors' words are what the failover did or passed by, not why.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** A change that touched how clients find the primary: failover, Sentinel, replicas, read-only, leader, topology. */
const TOPOLOGY = /fail[-_ ]?over|sentinel|replica|\bprimary\b|\bmaster\b|read[-_ ]?only|\bleader\b|multi[-_ ]?az|topology|cluster[-_ ]?mode/i;

/** A change that touched how clients use a cache: its servers, expiry, warm-up, coalescing (the cache's own settings). */
const CACHE_WORDS = /\bcache|memcache|\bredis\b|\bttl\b|expir|warm[-_ ]?up|coalesc|ketama/i;

/**
 * Puts the failover's hypothesis first: every release that did not change how its clients find the primary ranks below.
 * A cache node restarted empty (analyzers/cache-emptied.ts) is the same shape: its clients' misses, their store's load
 * and the releases that share their words came after it, unless a release changed how the cache is used.
 */
export function rankFailover(hypotheses: Hypothesis[], conditions: ConditionFinding[], kind: 'failover' | 'cache_emptied' = 'failover'): void {
  const TOPOLOGY_WORDS = kind === 'failover' ? TOPOLOGY : CACHE_WORDS;
  const moved = conditions.find((k) => k.condition === kind && k.confidence >= 0.5);
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

