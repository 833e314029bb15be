// The hypothesis that a service's own change caused what a rule read off its symptoms (a slow consumer, pinned carriers,
// an ACME rate limit): the latest such change before the first sign, however old, in place of any hypothesis about it.
import type { Category } from '../core/report.js';
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import type { ChangeFinding } from './change-settings.js';
import { latestOwnChange } from './change-owner.js';
import { fromChange } from './change-hypothesis.js';

/**
 * `service`'s latest change live by `before` whose diff shows `what`, as a hypothesis on that service with `category`,
 * the hypothesis already made of it removed (the rule states it anew); the rule then says why, scores and adds it.
 * Null when the service has no such change.
 */
export function ownChangeHypothesis(
  hypotheses: Hypothesis[],
  changes: ChangeFinding[],
  service: string,
  before: number,
  what: (c: ChangeFinding) => boolean,
  category: Category,
  base: Finding[],
  ctx: AnalysisContext,
): { h: Hypothesis; change: ChangeFinding } | null {
  const change = latestOwnChange(changes, service, before, what);
  if (!change) return null;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(change, [], base, ctx, 'relevance');
  h.service = service;
  h.category = category;
  return { h, change };
}
