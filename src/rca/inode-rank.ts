// Inodes drained from the first sample on: the change that started it went live before the window, so it is named by
// its words among the changes before the drain, as strongly as the drain itself, over a later release that only shares words.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange, RELEVANCE_MIN } from './change-hypothesis.js';
import { inodeDrain } from './inodes.js';

/** How long after the drain began a release may still have started it (clock and scrape slack). */
const SLACK = 5 * 60_000;

export function rankInodeStarter(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const drain = ctx.growth;
  const full = conditions.find((k) => k.condition === 'disk_full' && k.confidence >= 0.5);
  if (!full || !drain || !inodeDrain(drain)) return;
  // The drain was under way when the window opened: what began it is older than any release inside the window.
  if (drain.start > ctx.from + SLACK) return;
  const starter = changes
    .filter((c) => !c.inert && c.relevance >= RELEVANCE_MIN && Date.parse(c.change.time) <= drain.start + SLACK)
    .sort((a, b) => b.relevance - a.relevance || Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!starter) return;
  const at = hypotheses.findIndex((h) => h.suspect?.sha === starter.change.sha);
  const h = at >= 0 ? hypotheses[at]! : fromChange(starter, conditions, base, ctx, 'relevance');
  if (at < 0) hypotheses.push(h);
  h.score = h.confidence = Math.min(0.85, Math.max(h.score, full.confidence - 0.05));
  h.summary += `; the free inodes (${drain.series}) were already draining when the window opened, before every later release, and it is the change before the drain whose words match the errors`;
}
