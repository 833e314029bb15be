// Ranking's part for an operation run by hand on a data store (analyzers/store-operation.ts): its clients' errors are
// the store's refusals, and their releases (a retry, a spool for failed writes) react to them rather than cause them.
import { changeOf, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** Puts the operation's hypothesis first: every release but the store's own (its configuration, its version) ranks below. */
export function rankStoreOperation(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  const op = conditions.find((k) => k.condition === 'store_operation' && k.confidence >= 0.5);
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
