// A release that stopped reusing connections (keep-alive off, `Connection: close`) fills the conntrack tables of the
// nodes it runs on, each call leaving a socket in TIME_WAIT: that release, not the pods that lose their connections.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { errorsWaitOrCannotConnect, seenByOnset } from './trigger-guards.js';

/** How long before the table filled a release may have started the churn (TIME_WAIT entries pile up over minutes). */
const CHURN_MS = 30 * 60_000;

/**
 * With a node's conntrack table full, names the release that stopped reusing connections shortly before it filled,
 * over the services that merely lost their connections there (and the dependencies they failed to reach).
 */
export function rankConnectionChurn(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const full = conditions.find((k) => k.condition === 'conntrack_full' && k.confidence >= 0.5);
  if (!full || ctx.onset === null) return;
  // A table that filled after the errors began, or errors that are no failed connections, are not its doing.
  if (!seenByOnset(full, ctx.onset) || !errorsWaitOrCannotConnect(ctx)) return;
  const filled = Math.min(ctx.onset, ...full.timeline.map((t) => Date.parse(t.time)));
  const churn = changes
    .filter((c) => c.churn && !c.inert && Date.parse(c.change.time) <= filled + 2 * 60_000 && filled - Date.parse(c.change.time) <= CHURN_MS)
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!churn) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === churn.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(churn, conditions, base, ctx, 'relevance');
  const gap = minutes(Math.max(0, filled - Date.parse(churn.change.time)));
  h.summary = `${h.service ?? 'a service'} stopped reusing connections in commit ${churn.change.sha.slice(0, 8)} "${churn.change.message}"${churn.change.ref ? ` (${churn.change.ref})` : ''}: ${gap} after it went live the conntrack table of ${full.names?.join(', ') || 'its nodes'} was full, and every pod there loses new connections`;
  h.score = h.confidence = justAbove(hypotheses, full.confidence, 0.9);
  h.recommendations = [`Roll back${churn.change.ref ? ` ${churn.change.ref}` : ''} or revert ${churn.change.sha.slice(0, 12)} "${churn.change.message}" (connections reused again)`, full.recommendation];
  // The full table is what the release did: its own hypothesis ranks below it.
  for (const o of hypotheses) if (o.support.includes(full)) o.score = o.confidence = Math.min(o.score, h.score - 0.05);
  hypotheses.push(h);
}
