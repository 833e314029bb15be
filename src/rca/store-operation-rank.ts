// Ranking's part for a data store that refuses work for a reason of its own (analyzers/store-operation.ts: an operation
// run on it by hand; analyzers/store-full.ts: out of room to write): its clients' errors are the store's refusals, and
// their releases (a retry, a spool for failed writes, a new write that meets the block) react to them, not cause them.
import { changeOf, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** Puts the store's hypothesis first: every release but the store's own (its configuration, its version) ranks below. */
export function rankStoreOperation(hypotheses: Hypothesis[], conditions: ConditionFinding[], condition: 'store_operation' | 'store_full' = 'store_operation'): void {
  const op = conditions.find((k) => k.condition === condition && k.confidence >= 0.5);
  const own = op ? hypotheses.find((h) => h.support.includes(op)) : undefined;
  if (!op?.service || !own) return;
  for (const h of hypotheses) {
    if (h === own) continue;
    const change = h.support.find((f): f is ChangeFinding => f.kind === 'change');
    if (h.suspect && change && changeOf(change, op.service)) continue;
    h.score = Math.min(h.score, own.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}
