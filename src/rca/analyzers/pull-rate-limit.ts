// Image pulls the registry refused for its rate limit (Docker Hub's `429 Too Many Requests … toomanyrequests`) around
// the onset: the workload's new pods never start, so it cannot scale or roll out. Read by pull-limit-rank.ts.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { refusedAtOnset } from './refused-pods.js';
import { normalizeService } from '../service-names.js';

export const PULL_RATE_LIMIT = 'pull-rate-limit';
/** A container runtime's or kubelet's pull (containerd's PullImage, kubelet's "Failed to pull image", ErrImagePull). */
const PULL = /\bPullImage\b|\bpull(?:ing)?(?: and unpack)? image\b|\bErrImagePull\b|\bImagePullBackOff\b/i;
/**
 * The registry's refusal for rate: HTTP 429 and the error code the Distribution spec gives it (`toomanyrequests`,
 * which Docker Hub sends once an account or address spends its pulls). "not found" or "unauthorized" are not this:
 * those are the image reference's fault, a change's to answer for.
 */
const RATE = /\btoomanyrequests\b|\b429 Too Many Requests\b|\bpull rate limit\b/i;
/** The image reference a pull line quotes (`"registry/org/name:tag"`, escaped quotes in JSON logs); group 1 is its name. */
const IMAGE = /(?:image|PullImage)\s*\\*["']?(?:[\w.-]+(?::\d+)?\/)*([a-z0-9][\w.-]*?)(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?\\*["'\s:]/i;

/** The service whose image a pull line names, when the system has a service of that name. */
export function pulledService(text: string, services: Set<string>): string | null {
  const name = IMAGE.exec(text)?.[1];
  if (!name) return null;
  const service = normalizeService(name);
  return services.has(service) ? service : null;
}

export const pullRateLimit: Analyzer = {
  name: PULL_RATE_LIMIT,
  description: "Workloads whose images the registry refused to serve for its pull rate limit around the onset",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null || !bundle.signatures) return [];
    const out = new Map<string, Finding>();
    for (const s of bundle.signatures.data) {
      const text = `${s.template} ${s.example}`;
      if (s.count < 2 || !PULL.test(text) || !RATE.test(text)) continue;
      const first = refusedAtOnset(s, onset);
      if (first === null) continue;
      const service = pulledService(s.example, ctx.services) ?? pulledService(s.template, ctx.services);
      if (!service || out.has(service)) continue;
      // The quote shows the refusal itself, which a long pull line would otherwise cut off.
      const refusal = s.template.slice(Math.max(0, s.template.search(RATE) - 60));
      out.set(service, {
        kind: 'condition',
        condition: 'capacity',
        category: 'infrastructure',
        service,
        analyzer: PULL_RATE_LIMIT,
        summary: `the image registry refused ${s.count} pulls of ${service}'s image for its pull rate limit from ${new Date(first).toISOString()} on, so its new pods could not start: "${s.template.slice(0, 200)}"`,
        confidence: 0.6,
        evidence: refs(cite(bundle, bundle.signatures.call_id, `${s.count} pulls of ${service}'s image refused for the registry's rate limit`, [refusal, s.template])),
        timeline: [{ time: new Date(first).toISOString(), source: 'logs', event: `${service}: image pulls refused by the registry's rate limit` }],
        recommendation: `Let ${service}'s new pods pull: authenticate pulls (an imagePullSecret on a paid plan) or serve the image from a mirror or your own registry, then let the autoscaler or rollout catch up`,
      });
    }
    return [...out.values()];
  },
};
