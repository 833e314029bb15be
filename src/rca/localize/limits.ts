// Resource limits published as series of their own (kube-state-metrics, cAdvisor's container spec, the OpenTelemetry
// collector's k8s_cluster receiver): CPU in cores or a memory gauge in bytes read against them is a share of its limit.
import type { SeriesSamples } from '../../core/evidence.js';
import type { EvidenceBundle } from '../bundle.js';
import { containerOf, podOf } from '../../core/series-labels.js';
import { quantile } from '../series.js';
import type { SignalKind } from './signal.js';

type Resource = 'cpu' | 'memory';

/** The CFS period in microseconds when none is published (the kernel's default, which the kubelet keeps). */
const CFS_PERIOD_US = 100_000;

/**
 * Where a limit is read from: kube-state-metrics v2 (`resource` label, cores and bytes) and v1 names, and cAdvisor's
 * container spec (a memory limit in bytes, where 0 means none; a CPU quota over its period).
 */
export function limitOf(s: SeriesSamples): { resource: Resource; value: number } | null {
  // The name first: every series with a pod label comes here, and only limits need their median.
  let resource: Resource | null = null;
  if (s.metric === 'kube_pod_container_resource_limits') {
    const r = s.labels.resource;
    resource = r === 'cpu' || r === 'memory' ? r : null;
  } else if (s.metric === 'kube_pod_container_resource_limits_cpu_cores') resource = 'cpu';
  else if (s.metric === 'kube_pod_container_resource_limits_memory_bytes' || s.metric === 'container_spec_memory_limit_bytes') resource = 'memory';
  // The collector's k8s_cluster receiver (k8s.container.cpu_limit in cores, k8s.container.memory_limit in bytes).
  else if (s.metric === 'k8s_container_cpu_limit') resource = 'cpu';
  else if (s.metric === 'k8s_container_memory_limit_bytes') resource = 'memory';
  if (resource === null) return null;
  const v = quantile(s.points.map((p) => p[1]), 0.5);
  return v > 0 ? { resource, value: v } : null;
}

/** The units a usage series must be in to be read against a limit: CPU seconds (a rate of cores) or bytes. */
const UNIT: Record<Resource, RegExp> = { cpu: /cpu.*(seconds|cores)/i, memory: /bytes/i };
/**
 * The collector's kubeletstats CPU usage: cores used, whatever the name says. `k8s.pod.cpu.utilization` has unit 1, so
 * the Prometheus translation appends `_ratio`, yet it is nanocores over 1e9, not a share of anything (its successor
 * `*.cpu.usage` says so); the share of the limit is the separate `*.cpu_limit_utilization`, which is not matched here.
 */
const OTEL_CPU_CORES = /^(k8s_pod_|k8s_container_|container_)cpu_(utilization_ratio|usage)$/;

const key = (l: Record<string, string>, container: string | undefined) => `${l.namespace ?? ''}/${podOf(l) ?? ''}/${container ?? ''}`;

export interface Limits {
  /** The limit a usage series is bounded by (cores or bytes), or null when none is published for its container. */
  of(s: SeriesSamples, kind: SignalKind): number | null;
}

export function resourceLimits(bundle: EvidenceBundle): Limits {
  const byContainer = new Map<string, number>();
  // A pod's limit is its containers' together (cAdvisor counts network and some usage per pod).
  const byPod = new Map<string, number>();
  const quota = new Map<string, { quota?: number; period?: number }>();
  for (const c of bundle.series) for (const s of c.data) {
    if (!podOf(s.labels)) continue;
    const k = key(s.labels, containerOf(s.labels));
    if (s.metric === 'container_spec_cpu_quota' || s.metric === 'container_spec_cpu_period') {
      const q = quota.get(k) ?? {};
      q[s.metric.endsWith('quota') ? 'quota' : 'period'] = quantile(s.points.map((p) => p[1]), 0.5);
      quota.set(k, q);
      continue;
    }
    const l = limitOf(s);
    if (!l) continue;
    byContainer.set(`${l.resource}:${k}`, l.value);
    const pk = `${l.resource}:${key(s.labels, undefined)}`;
    byPod.set(pk, (byPod.get(pk) ?? 0) + l.value);
  }
  // A quota scraped without its period is over the CFS default: the kernel's cpu.cfs_period_us is 100 ms and the kubelet
  // sets no other unless its CPUCFSQuotaPeriod gate is changed, so the quota alone gives the cores (50000 µs = 0.5 core).
  for (const [k, q] of quota) if (q.quota && q.quota > 0) byContainer.set(`cpu:${k}`, q.quota / (q.period && q.period > 0 ? q.period : CFS_PERIOD_US));
  return {
    of(s, kind) {
      if (kind !== 'cpu' && kind !== 'memory') return null;
      if (!(UNIT[kind].test(s.metric) || (kind === 'cpu' && OTEL_CPU_CORES.test(s.metric))) || !podOf(s.labels)) return null;
      const container = containerOf(s.labels);
      const own = container && container !== 'POD' ? byContainer.get(`${kind}:${key(s.labels, container)}`) : undefined;
      return own ?? byPod.get(`${kind}:${key(s.labels, undefined)}`) ?? null;
    },
  };
}
