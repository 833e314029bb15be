// Ranking's part for a release blamed on timing alone through its version-bump commit (a VERSION file written, nothing
// else): that commit ships nothing that runs, so the release's own commit that changed a setting is named instead.
import type { AnalysisContext } from './context.js';
import type { Finding } from './analyzer.js';
import type { Hypothesis } from './hypothesis.js';
import { fromChange } from './change-hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { latestSetter } from './setter-hypothesis.js';

/** Files that only say which version this is (`VERSION`, `version.txt`, `.version`): writing them changes no behaviour. */
const VERSION_FILE = /(^|\/)(\.?version(\.txt)?|RELEASE_VERSION)$/i;

/** A commit whose every path is a version file: the release's bookkeeping, not a change to what runs. */
export function versionOnly(c: ChangeFinding): boolean {
  return c.paths.length > 0 && c.paths.every((p) => VERSION_FILE.test(p));
}

/**
 * When the leading hypothesis blames a version-only commit on timing alone (no word, setting or value ties it to the
 * errors), the latest commit of the same release that changed a setting, live by the onset, is named just above it:
 * of what that release shipped, the setting is what changed behaviour. The version commit stays a hypothesis.
 */
export function rankVersionBumpSibling(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const top = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const ref = top?.suspect?.ref;
  if (!top || !ref || ctx.onset === null) return;
  const bump = changes.find((c) => c.change.sha === top.suspect!.sha);
  if (!bump || !versionOnly(bump) || bump.relevance > 0 || bump.matched.length > 0) return;
  const sibling = latestSetter(changes, ctx.onset, (c) =>
    c.change.ref === ref && c.change.sha !== bump.change.sha && !versionOnly(c) && c.settings.length > 0 ? c.settings[0] : undefined,
  );
  if (!sibling) return;
  const { c, s } = sibling;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(c, conditions, base, ctx, 'timing');
  h.summary = `${h.summary}; of ${ref}, it is the commit that changed a setting (${s.key} from ${s.from} to ${s.to}${s.path ? ` in ${s.path}` : ''}), where "${bump.change.message}" only wrote the version`;
  h.score = h.confidence = Math.min(0.9, Math.max(h.score, top.score + 0.02));
  hypotheses.push(h);
}
