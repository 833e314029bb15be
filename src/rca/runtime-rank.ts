// Ranking's part for a runtime upgrade inside a blamed release: the commit that changed the runtime (a base image
// Node 16 → 18) is named over a sibling commit that only shares words with the errors, once the version series switched.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { fromChange } from './change-hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';

/**
 * When the leading hypothesis blames a commit of a release that also carried a confirmed runtime change (runtime-upgrade.ts),
 * that commit is named instead: the runtime changed under every line of the code at once (name resolution, TLS, defaults),
 * and a failure in the release's first minutes is likelier its doing than a sibling's whose words merely match.
 * The sibling stays a hypothesis, just below it.
 */
export function rankRuntimeCommit(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const top = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const ref = top?.suspect?.ref;
  if (!top || !ref) return;
  // A commit the errors quote (a host its lines added, a value it set) is tied to them by more than shared words: the
  // runtime under it changed too, but the errors say which of the two they come from.
  const blamed = top.support.find((f): f is ChangeFinding => f.kind === 'change' && f.change.sha === top.suspect!.sha);
  if (blamed && (blamed.mentions.length > 0 || blamed.valueHits.length > 0)) return;
  const upgrade = changes.find((c) => !!c.runtime && !c.inert && c.change.ref === ref && c.change.sha !== top.suspect!.sha);
  if (!upgrade) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === upgrade.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(upgrade, conditions, base, ctx, 'runtime');
  h.score = h.confidence = Math.min(0.9, Math.max(h.score, top.score + 0.02));
  top.score = Math.min(top.score, h.score - 0.02);
  top.confidence = Math.min(top.confidence, top.score);
  hypotheses.push(h);
}
