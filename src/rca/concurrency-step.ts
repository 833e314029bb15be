// A runtime concurrency setting (GOMAXPROCS, a worker or thread pool size) published as a series that stepped, as a
// release went live, to several times its container's CPU limit: the CFS quota then throttles it under load.
import type { EvidenceBundle } from './bundle.js';
import { releaseNames } from '../core/release-tag.js';
import { serviceFromLabels } from '../core/series-labels.js';
import { limitOf } from './localize/limits.js';
import { quantile } from './series.js';
import { normalizeService } from './service-names.js';

const MIN = 60_000;
/** How long before a release went live its new pods may report (a canary, clocks) ... */
const BEFORE_MS = 2 * MIN;
/** ... and after it (the rollout of every pod, the scrape interval). */
const AFTER_MS = 10 * MIN;
/**
 * Runnable threads this many times the cores the quota grants burn each period's quota early and then wait out the
 * rest of it (Go's GC alone starts a quarter of GOMAXPROCS as workers): several times, not a rounding difference.
 */
const RATIO = 4;
/** Series of a runtime's concurrency setting: Go's GOMAXPROCS, a JVM's available processors, a pool's configured size. */
const SETTING = /gomaxprocs|maxprocs|available_?processors|(?:thread|worker|executor)_?pool_?(?:size|max|max_?size|threads)$|(?:^|_)(?:max_)?(?:workers|worker_threads)(?:_configured)?$/i;
/** Words by which a commit's message or diff speaks of that setting. */
export const SETTING_WORDS = /gomaxprocs|maxprocs|available_?processors|activeprocessorcount|(?:thread|worker)[_ -]?pool|\bworkers?\b|\bthreads?\b|\bconcurrency\b/i;

export interface ConcurrencyStep {
  metric: string;
  service: string;
  from: number;
  to: number;
  limit: number;
  /** When the stepped value first reported. */
  time: number;
  call: string;
}

/**
 * The concurrency setting of the release's service (its top directory, or a service its tag names) that first reported
 * a value at least RATIO times that service's CPU limit between just before `liveAt` and the rollout's end, after it had
 * reported no more than the limit before: the release changed how many threads run against a quota it did not change.
 */
export function concurrencyStep(bundle: EvidenceBundle, ref: string | null, top: string | null, liveAt: number): ConcurrencyStep | null {
  const owns = (service: string) => service === top || (ref !== null && releaseNames(ref, service));
  const limits = cpuLimits(bundle);
  for (const c of bundle.series) {
    const bySvc = new Map<string, { metric: string; points: Array<[number, number]> }>();
    for (const s of c.data) {
      const raw = serviceFromLabels(s.labels);
      if (!SETTING.test(s.metric) || raw === null) continue;
      const service = normalizeService(raw);
      if (!owns(service)) continue;
      const g = bySvc.get(service) ?? { metric: s.metric, points: [] };
      g.points.push(...s.points.filter(([, v]) => Number.isFinite(v)));
      bySvc.set(service, g);
    }
    for (const [service, g] of bySvc) {
      const limit = limits.get(service);
      if (!limit) continue;
      const before = g.points.filter(([t]) => t < liveAt - BEFORE_MS).map(([, v]) => v);
      if (before.length === 0 || Math.max(...before) > limit) continue;
      const step = g.points.filter(([t, v]) => t >= liveAt - BEFORE_MS && t <= liveAt + AFTER_MS && v >= RATIO * limit).sort((a, b) => a[0] - b[0])[0];
      if (!step) continue;
      // It stayed there: the latest samples report the new value, not a pod that came and went.
      const last = Math.max(...g.points.map(([t]) => t));
      if (!g.points.some(([t, v]) => t === last && v >= RATIO * limit)) continue;
      return { metric: g.metric, service, from: Math.max(...before), to: step[1], limit, time: step[0], call: c.call_id };
    }
  }
  return null;
}

/** Each service's CPU limit in cores, the median over its containers' limit series (kube-state-metrics, cAdvisor's spec). */
function cpuLimits(bundle: EvidenceBundle): Map<string, number> {
  const seen = new Map<string, number[]>();
  for (const c of bundle.series) for (const s of c.data) {
    const l = limitOf(s);
    const raw = serviceFromLabels(s.labels);
    if (!l || l.resource !== 'cpu' || raw === null) continue;
    const k = normalizeService(raw);
    seen.set(k, [...(seen.get(k) ?? []), l.value]);
  }
  return new Map([...seen].map(([k, v]) => [k, quantile(v, 0.5)]));
}

/** The step, said with its proof, for the change's finding. */
export function describeStep(s: ConcurrencyStep): string {
  return `${s.metric} of ${s.service} went from ${s.from} to ${s.to} at ${new Date(s.time).toISOString()} against a CPU limit of ${s.limit} cores`;
}
