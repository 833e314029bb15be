// Ranking's part for a credential that ended just before the failures it breaks (credential-lifecycle.ts): the change
// that made the event or left the credential unrenewed, over releases of other services that only share words.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';

type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

/** Strong enough to be named: within about twelve minutes of the onset (the analyzer's fading strength). */
const NAMED_CONFIDENCE = 0.6;

/** What losing each kind of credential does, for the summary. */
const BREAKS: Record<NonNullable<RuntimeFinding['credential']>, string> = {
  lease: 'logins with the credential it leased are refused',
  signing_key: 'tokens are signed with a key their verifiers do not hold',
  secret: 'the old secret is refused',
  access_key: 'the old access key is refused',
};

/** The strongest tied credential event that a change explains, or undefined. */
export function credentialEvent(runtime: RuntimeFinding[]): (RuntimeFinding & { by: NonNullable<RuntimeFinding['by']> }) | undefined {
  return runtime
    .filter((f): f is RuntimeFinding & { by: NonNullable<RuntimeFinding['by']> } => f.change === 'credential' && f.by !== undefined && f.confidence >= NAMED_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence || Date.parse(b.time) - Date.parse(a.time))[0];
}

/**
 * The change behind the credential event becomes the hypothesis for the service whose credential went. A release of
 * another service, live before the event (so the event is the closer to the first failure), ran without these
 * failures until the credential went: it ranks below, whatever words it shares with them. So does the bare "credentials
 * are refused" condition, which is what the event did.
 */
export function rankCredentialLifecycle(hypotheses: Hypothesis[], runtime: RuntimeFinding[], base: Finding[], ctx: AnalysisContext): void {
  const ev = credentialEvent(runtime);
  if (!ev) return;
  const at = Date.parse(ev.time);
  const by = ev.by;
  const owner = ev.service;
  const rivals = hypotheses.filter((h) => h.suspect && h.suspect.sha !== by.sha && Date.parse(h.suspect.time) < at && h.service !== owner);
  const score = Math.min(0.9, Math.max(ev.confidence, ...rivals.map((h) => h.score + 0.02)));
  const gap = Math.max(0, (ctx.onset ?? at) - at);
  const when = gap < 60_000 ? 'less than a minute' : minutes(gap);
  const made = Math.abs(at - Date.parse(by.time)) <= 5 * 60_000;
  const ref = by.ref ? ` (${by.ref})` : '';
  const h: Hypothesis = {
    summary:
      `${owner ?? 'the failing service'} broke after commit ${by.sha.slice(0, 8)} "${by.message}"${ref}: ` +
      (made ? `${owner ?? 'the identity system'} recorded it going live, "${ev.text}", ` : `${minutes(Math.max(0, at - Date.parse(by.time)))} after it went live, with nothing renewing the credential its diff declares, "${ev.text}", `) +
      `${when} before the first failures, in which ${BREAKS[ev.credential ?? 'secret']}`,
    category: 'certificate_or_auth',
    service: owner,
    suspect: by,
    confidence: score,
    score,
    support: [...base, ev],
    recommendations: [
      made
        ? `Check what ${by.sha.slice(0, 12)} changed in the credential and let its users fetch the new one (refresh their cached keys or secrets), or undo it`
        : `Restore what renews the credential (a renewing agent or sidecar) that ${by.sha.slice(0, 12)} removed, then restart the pods holding the revoked one`,
      'Alert on the credential lifecycle events of the identity or secrets system (revocations, rotations) next to the services that use them',
    ],
  };
  for (const o of hypotheses) {
    const symptom = !o.suspect && o.category === 'certificate_or_auth';
    if (rivals.includes(o) || symptom) {
      o.score = Math.min(o.score, score - 0.05);
      o.confidence = Math.min(o.confidence, o.score);
    }
  }
  const same = hypotheses.findIndex((o) => o.suspect?.sha === by.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  hypotheses.push(h);
}
