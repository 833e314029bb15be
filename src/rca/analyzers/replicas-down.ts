// A workload left without its replicas at the onset (kube-state-metrics' available or ready replicas): the service was
// not there to answer, whatever its callers' errors say; node failures in the Kubernetes events say why.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { quantile } from '../series.js';
import { normalizeService } from '../service-names.js';

// Not `unavailable_replicas`, whose fall to 0 is a recovery.
const REPLICAS = /(?:^|_)(?:replicas_(?:available|ready)|(?:available|ready)_replicas)$/;
// How the platform says it took the pods away: a node lost, drained, preempted, or the pod evicted.
const PLATFORM = /node is not ready|nodenotready|not-ready|evict|preempt|taint|node ?shutdown|drained node|node .{0,40}drained/i;
const NEAR_MS = 5 * 60_000;

export const replicasDown: Analyzer = {
  name: 'replicas-down',
  description: 'Workloads whose available replicas fell to half or fewer at the onset',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null) return [];
    // One finding per workload (available and ready series say the same), the lowest fall kept.
    const out = new Map<string, Finding & { low: number }>();
    for (const c of bundle.series) {
      for (const s of c.data) {
        if (!REPLICAS.test(s.metric)) continue;
        const owner = s.labels.deployment ?? s.labels.statefulset ?? s.labels.daemonset ?? null;
        if (!owner) continue;
        const before = s.points.filter(([t]) => t < onset - NEAR_MS).map(([, v]) => v);
        const near = s.points.filter(([t]) => t >= onset - NEAR_MS && t <= onset + NEAR_MS);
        if (before.length < 3 || near.length === 0) continue;
        const usual = Math.round(quantile(before, 0.5));
        const low = near.reduce((m, p) => (p[1] < m[1] ? p : m));
        if (usual < 1 || low[1] > usual / 2) continue;
        const service = normalizeService(owner);
        // The platform's own words about this service's pods around the onset, if its events were read.
        const told = ctx.related.find((r) => r.service !== null && normalizeService(r.service) === service && PLATFORM.test(r.sig.template));
        const none = low[1] === 0;
        const kept = out.get(service);
        if (kept && kept.low <= low[1] / usual) continue;
        const what = /ready/.test(s.metric) ? 'ready' : 'available';
        out.set(service, {
          low: low[1] / usual,
          kind: 'condition',
          condition: 'crash_loop',
          category: 'infrastructure',
          service,
          analyzer: this.name,
          summary: `${service} had ${none ? 'no' : `only ${low[1]} of its ${usual}`} ${what} replicas at ${new Date(low[0]).toISOString()}${told ? ` (the platform: "${told.sig.template}")` : ''}`,
          confidence: Math.min(0.9, 0.5 + (none ? 0.15 : 0) + (told ? 0.15 : 0)),
          evidence: refs(cite(bundle, c.call_id, `${s.metric} of ${owner} fell from ${usual} to ${low[1]}`, [s.metric]), told && bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${told.post} platform events about ${service}'s pods`, [told.sig.template]) : null),
          timeline: [{ time: new Date(low[0]).toISOString(), source: 'metrics', event: `${service}: ${low[1]} of ${usual} replicas available` }],
          recommendation: `Find where ${service}'s pods went (kubectl get events, node conditions); spread its replicas over nodes and zones (and off spot capacity alone) with a PodDisruptionBudget`,
        });
      }
    }
    return [...out.values()].map(({ low: _low, ...f }) => f as Finding);
  },
};
