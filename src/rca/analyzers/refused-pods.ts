// Pods the platform refused to create (an admission webhook or policy denying them, a namespace quota exceeded): the
// scale-up or rollout that would have relieved a workload could not happen. Read by refused-rank.ts, not a cause alone.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { msOf } from '../series.js';
import { normalizeService } from '../service-names.js';

export const REFUSED_PODS = 'refused-pods';
/** The controller's words when the API server refuses a pod: Kubernetes' FailedCreate event ("Error creating: ..."). */
const CREATING = /\bFailedCreate\b|\bError creating\b/i;
/** Why: an admission webhook or policy denied it, or a quota was exceeded (not a transient API error). */
const REFUSAL = /denied the request|\bis forbidden\b|\bforbidden:|exceeded quota|violates? polic/i;
const MIN = 60_000;
/** Refusals still coming this close to the onset are the state the onset met. */
const NEAR = 10 * MIN;

/**
 * When a signature of refusals began, if it began by the onset (give or take NEAR) and was still coming near it: the
 * replicas the onset needed never came. Null for refusals that ended long before or began long after.
 */
export function refusedAtOnset(s: { first_seen?: string | null; last_seen?: string | null }, onset: number): number | null {
  const first = msOf(s.first_seen ?? '');
  const last = msOf(s.last_seen ?? '');
  return first <= onset + NEAR && last >= onset - NEAR ? first : null;
}

export const refusedPods: Analyzer = {
  name: REFUSED_PODS,
  description: 'Workloads whose new pods the platform refused to create (admission denials, quota) around the onset',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null || !bundle.signatures) return [];
    const out = new Map<string, Finding>();
    for (const s of bundle.signatures.data) {
      if (s.count < 2 || !CREATING.test(s.template) || !REFUSAL.test(`${s.template} ${s.example}`)) continue;
      const first = refusedAtOnset(s, onset);
      if (first === null) continue;
      for (const svc of s.services) {
        const service = normalizeService(svc);
        if (out.has(service)) continue;
        out.set(service, {
          kind: 'condition',
          condition: 'capacity',
          category: 'config_error',
          service,
          analyzer: REFUSED_PODS,
          summary: `the platform refused to create ${service}'s new pods ${s.count} times from ${new Date(first).toISOString()} on: "${s.template.slice(0, 160)}"`,
          // Below the 0.5 at which a condition competes with a change: it says why a limit could not be relieved.
          confidence: 0.45,
          evidence: refs(cite(bundle, bundle.signatures.call_id, `${s.count} refusals to create ${service}'s pods`, [s.template])),
          timeline: [{ time: new Date(first).toISOString(), source: 'logs', event: `${service}: new pods refused (${s.template.slice(0, 80)})` }],
          recommendation: `Unblock ${service}'s new pods: fix or exempt what refuses them (the admission policy or webhook, the namespace quota), then let the autoscaler or rollout catch up`,
        });
      }
    }
    return [...out.values()];
  },
};
