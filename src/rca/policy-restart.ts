// An inbound access policy (a mesh's default-inbound-policy, an authorization policy, strict mTLS) is read by the
// sidecars when a pod starts: it bites at the callee's next restart, so that restart is the moment and the policy the cause.
import { releaseNames } from '../core/release-tag.js';
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';

/** How long before the onset the callee's restart may be (the first callers refused after it). */
const RESTART_MS = 30 * 60_000;
/** How long an applied policy may wait for a restart (pods of a quiet service live for days). */
const WAIT_MS = 7 * 24 * 60 * 60_000;

/**
 * With a callee refusing its callers (403s pointing at its host), names the policy change applied before that
 * callee's last release restarted its pods: the release is when the policy took effect, not what broke; the callee
 * is the service, and the category that of a refused credential.
 */
export function rankPolicyAtRestart(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const refused = conditions.find((k) => k.condition === 'cert_auth' && !k.certificate && k.service && k.confidence >= 0.4);
  if (!refused?.service) return;
  const callee = refused.service;
  const at = (c: ChangeFinding) => Date.parse(c.change.time);
  const restart = changes
    .filter((c) => c.change.ref && releaseNames(c.change.ref, callee) && at(c) <= onset + 2 * 60_000 && onset - at(c) <= RESTART_MS)
    .sort((a, b) => at(b) - at(a))[0];
  if (!restart) return;
  const policy = changes
    .filter((c) => c.admits && !c.inert && at(c) <= at(restart) && at(restart) - at(c) <= WAIT_MS)
    .sort((a, b) => at(b) - at(a))[0];
  if (!policy || scopedElsewhere(policy, callee, ctx.services)) return;
  for (const sha of [policy.change.sha, restart.change.sha]) {
    const i = hypotheses.findIndex((h) => h.suspect?.sha === sha);
    if (i >= 0) hypotheses.splice(i, 1);
  }
  const h = fromChange(policy, [refused], base, ctx, 'relevance');
  h.service = callee;
  h.category = 'certificate_or_auth';
  h.summary =
    `${callee} refuses its callers since its pods restarted with ${restart.change.ref} ${minutes(Math.max(0, onset - at(restart)))} before the onset, ` +
    `under the inbound access policy of commit ${policy.change.sha.slice(0, 8)} "${policy.change.message}"${policy.change.ref ? ` (${policy.change.ref})` : ''}, ` +
    `applied ${minutes(Math.max(0, at(restart) - at(policy)))} earlier and read by the proxies only when a pod starts`;
  h.score = h.confidence = justAbove(hypotheses, Math.max(0.6, refused.confidence + 0.1), 0.9);
  h.recommendations = [
    `Revert ${policy.change.sha.slice(0, 12)} "${policy.change.message}", or admit the refused callers explicitly (bring them into the mesh, or an authorization for their identity or network)`,
    `Rolling back ${restart.change.ref} would not help for long: any restart of ${callee}'s pods applies the policy again`,
  ];
  hypotheses.push(h);
}

/** Words of a name that can tell a workload apart (`billing` of billing-api), not a suffix every service has. */
const nameWords = (name: string): string[] => name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !/^(?:service|server|worker|platform)$/.test(w));

/**
 * The policy is scoped to another workload: its files and message name another known service (a namespace or a
 * workload of that name) and nothing of the callee's. A mesh-wide policy names none and applies to the callee too.
 */
function scopedElsewhere(policy: ChangeFinding, callee: string, services: Set<string>): boolean {
  const said = new Set(nameWords([policy.change.message, ...policy.paths].join(' ')));
  if (nameWords(callee).some((w) => said.has(w))) return false;
  return [...services].some((s) => s !== callee && nameWords(s).some((w) => said.has(w)));
}
