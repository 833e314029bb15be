// Ranking's part for a database holding its clients' connections (analyzers/held-statements.ts): a pool that ran out
// because every connection waits on a statement the database does not finish is the database's fault, not the pool's.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';
import type { AnalysisContext } from './context.js';
import { seenByOnset } from './trigger-guards.js';

/**
 * Puts the database just above the strongest hypothesis that only names one of its waiting clients with no change (the
 * client's pool "at its limit", its errors): the pool is where it shows, the database is what to relieve. A release
 * keeps its place: a new statement (an unindexed lookup) piling up in the database is that release's doing.
 */
export function rankHeldStatements(hypotheses: Hypothesis[], conditions: ConditionFinding[], ctx: AnalysisContext): void {
  for (const k of conditions.filter((c) => c.condition === 'statements_held' && c.service && seenByOnset(c, ctx.onset))) {
    const own = hypotheses.find((h) => h.support.includes(k));
    const clients = new Set(k.holds ?? []);
    const shown = hypotheses.filter((h) => !h.suspect && h !== own && h.service !== null && clients.has(h.service)).sort((a, b) => b.score - a.score)[0];
    if (!own || !shown || own.score > shown.score) continue;
    own.score = own.confidence = Math.min(0.95, shown.score + 0.01);
    shown.score = Math.min(shown.score, own.score - 0.01);
    shown.confidence = Math.min(shown.confidence, shown.score);
  }
}
