// A resource infrastructure as code destroyed just before the onset (request_flows' `destroy` announcements: Terraform's
// "Destroying... [id=…]"), and the commit whose diff declares it. Read by destroyed-rank.ts, which names the resource.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { minutes } from './change-correlation.js';

export const DESTROYED_RESOURCE = 'destroyed-resource';
/**
 * How long before the onset a destroy may have caused it: a managed database or cache takes minutes to be deleted, and
 * its clients fail from the moment it stops taking connections, not when the deletion completes.
 */
const BEFORE_MS = 15 * 60_000;
const AFTER_MS = 60_000;

/**
 * The commit whose diff declares the resource at `address` (`aws_elasticache_replication_group.web_sessions` is
 * declared `resource "aws_elasticache_replication_group" "web_sessions"` in HCL): the change the apply carried out.
 */
export function declaringCommit(bundle: EvidenceBundle, address: string): string | null {
  const m = /(?:^|\.)([a-z][a-z0-9]*_[a-z0-9_]+)\.([\w-]+)(?:\[[^\]]*\])?$/.exec(address);
  if (!m) return null;
  const declared = `"${m[1]}" "${m[2]}"`;
  return bundle.diffs.find((d) => d.data.diff.includes(declared))?.data.sha ?? null;
}

export const destroyedResource: Analyzer = {
  name: DESTROYED_RESOURCE,
  description: 'Resources an infrastructure-as-code apply destroyed (replaced) just before the onset, and the commit that declares them',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    const out = new Map<string, Finding>();
    for (const a of flows.data.announcements ?? []) {
      if (a.kind !== 'destroy' || a.time < onset - BEFORE_MS || a.time > onset + AFTER_MS) continue;
      const [address, id] = a.objects ?? [];
      if (!address || !id) continue;
      // The id is what its users connect to and what the provider's metrics are labelled with (a cluster's name).
      const service = normalizeService(id);
      if (out.has(service)) continue;
      const sha = declaringCommit(bundle, address);
      out.set(service, {
        kind: 'condition',
        condition: 'resource_destroyed',
        category: 'infrastructure',
        service,
        analyzer: DESTROYED_RESOURCE,
        summary: `an infrastructure apply destroyed ${address} (${id}) ${minutes(Math.max(0, onset - a.time))} before the first errors, to replace it: "${a.text}"`,
        // Below the 0.5 at which a condition competes with a change: it says where a change's effect landed.
        confidence: 0.45,
        ...(sha ? { destroyedBy: sha } : {}),
        evidence: refs(cite(bundle, flows.call_id, `${address} destroyed by an apply`, [a.text])),
        timeline: [{ time: new Date(a.time).toISOString(), source: 'logs', event: `${id} destroyed (${address})` }],
        recommendation: `Check that ${id} is back and that its users reconnected; next time plan with lifecycle { create_before_destroy = true } or read the plan for "must be replaced" before applying`,
      });
    }
    return [...out.values()];
  },
};
