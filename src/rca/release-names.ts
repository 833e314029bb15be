// One service under one name: a Helm release names a workload's pods `<release>-<app>` while the container says `<app>`;
// series with only the pod (`up`, kube-state-metrics' pod rows) would otherwise split the app's evidence in two.
import type { Finding } from './analyzer.js';
import type { EvidenceBundle } from './bundle.js';
import { containerOf, podOf } from '../core/series-labels.js';
import { serviceOfPod, workloadOf } from '../core/logs/kubernetes.js';
import { normalizeService } from './service-names.js';

/**
 * Release-prefixed workload -> the app it runs, learnt from the series that name both a pod and its container
 * (cAdvisor's, kube-state-metrics' container rows): what the data shows, not a guess from the names alone, so
 * `admin-orders` is never read as `orders` unless a pod of it runs a container called `orders`.
 */
export function releaseAliases(bundle: EvidenceBundle): Map<string, string> {
  const out = new Map<string, string>();
  const add = (labels: Record<string, string>) => {
    const pod = podOf(labels);
    const container = containerOf(labels);
    if (!pod || !container) return;
    const app = serviceOfPod(pod, container);
    const workload = workloadOf(pod);
    if (app !== workload) out.set(normalizeService(workload), normalizeService(app));
  };
  for (const a of bundle.anomalies?.data ?? []) add(a.labels);
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) for (const s of c.data) add(s.labels);
  return out;
}

/**
 * The findings with every service (and named system) a release-prefixed workload stands for read as its app: evidence
 * read from pod-only series or a pod's events (`up`, OOMKilled) then meets the container's under one name.
 */
export function withAppNames(findings: Finding[], aliases: ReadonlyMap<string, string>): Finding[] {
  if (aliases.size === 0) return findings;
  const app = (s: string) => aliases.get(s) ?? s;
  return findings.map((f) => {
    if (!('service' in f) || typeof f.service !== 'string' || !aliases.has(f.service)) return f;
    const names = 'names' in f && Array.isArray(f.names) ? { names: [...new Set(f.names.map(app))] } : {};
    return { ...f, service: app(f.service), ...names } as Finding;
  });
}
