// A workload whose pods were replaced inside the window (a rollout) read as one series per metric: the new pod alone
// has no baseline and the old one no data after the onset, while together they have both; usage read against the
// limits of the pods running at each time shows a limit the rollout changed.
import type { SeriesSamples } from '../../core/evidence.js';
import { POD_LABELS, podOf } from '../../core/series-labels.js';
import { typicalStep, type Point } from '../series.js';
import type { Limits } from './limits.js';
import type { SignalKind } from './signal.js';

/** Labels that name one pod or container instance, not the workload: cAdvisor's cgroup id and name, the image, the scrape address. */
const INSTANCE_KEYS = new Set([...POD_LABELS, 'id', 'name', 'uid', 'pod_uid', 'container_id', 'image', 'image_id', 'instance', 'pod_ip']);
/** Kinds whose pods add up (CPU, memory, traffic); the rest (latency, shares) are averaged over the pods running. */
const ADDITIVE: ReadonlySet<SignalKind> = new Set(['cpu', 'memory', 'disk', 'handles', 'traffic', 'network', 'errors', 'log_errors']);

export interface PodSeries {
  s: SeriesSamples;
  points: Point[];
  /** For a rolled-out workload with a limit on every pod: its usage as a share of the limits running at each time. */
  share?: Point[];
  /** The limits the pods ran with, first and last (cores or bytes), when a rollout changed it. */
  limitChange?: { from: number; to: number };
}

/**
 * The series of one family with every rolled-out workload's pods made one series: a pod that began after the data did
 * and another that ended before it did (by two steps at least), of the same workload and otherwise the same labels.
 * Other series pass unchanged.
 */
export function mergeRollouts(list: PodSeries[], kind: SignalKind, limits: Limits): PodSeries[] {
  const times = list.flatMap((p) => (p.points.length ? [p.points[0]![0], p.points[p.points.length - 1]![0]] : []));
  const step = typicalStep(list);
  if (times.length === 0 || step === null) return list;
  const gap = GAP_STEPS * step;
  const [start, end] = [Math.min(...times), Math.max(...times)];
  const groups = new Map<string, PodSeries[]>();
  const out: PodSeries[] = [];
  for (const p of list) {
    if (!podOf(p.s.labels) || p.points.length === 0) out.push(p);
    else groups.set(workloadKey(p.s), [...(groups.get(workloadKey(p.s)) ?? []), p]);
  }
  for (const pods of groups.values()) {
    const began = pods.some((p) => p.points[0]![0] > start + gap);
    const ended = pods.some((p) => p.points[p.points.length - 1]![0] < end - gap);
    if (pods.length < 2 || !began || !ended) out.push(...pods);
    else out.push(merge(pods, kind, limits));
  }
  return out;
}

/** Steps from the data's edges a pod's first or last sample must lie to count as started or stopped. */
const GAP_STEPS = 2;

function workloadKey(s: SeriesSamples): string {
  const own = Object.entries(s.labels).filter(([k]) => !INSTANCE_KEYS.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return `${s.metric}\u0000${JSON.stringify(own)}`;
}

/** The pods summed (or averaged) at each time, labelled as the newest pod, with their share of the limits in force. */
function merge(pods: PodSeries[], kind: SignalKind, limits: Limits): PodSeries {
  const byFirst = [...pods].sort((a, b) => a.points[0]![0] - b.points[0]![0]);
  const limitOf = new Map(byFirst.map((p) => [p, limits.of(p.s, kind)]));
  const at = new Map<number, { sum: number; n: number; limit: number | null }>();
  for (const p of byFirst) {
    const limit = limitOf.get(p)!;
    for (const [t, v] of p.points) {
      const cur = at.get(t) ?? { sum: 0, n: 0, limit: 0 };
      cur.sum += v;
      cur.n++;
      cur.limit = cur.limit === null || limit === null ? null : cur.limit + limit;
      at.set(t, cur);
    }
  }
  const ts = [...at.keys()].sort((a, b) => a - b);
  const points: Point[] = ts.map((t) => [t, ADDITIVE.has(kind) ? at.get(t)!.sum : at.get(t)!.sum / at.get(t)!.n]);
  const newest = byFirst[byFirst.length - 1]!;
  const merged: PodSeries = { s: { ...newest.s, points }, points };
  const first = limitOf.get(byFirst[0]!);
  const last = limitOf.get(newest);
  if (ADDITIVE.has(kind) && ts.every((t) => (at.get(t)!.limit ?? 0) > 0)) {
    merged.share = ts.map((t) => [t, at.get(t)!.sum / at.get(t)!.limit!]);
    if (first && last && first !== last) merged.limitChange = { from: first, to: last };
  }
  return merged;
}

/** What a rollout did to the limit the workload runs with, said after a reading of it ('' when it did not change it). */
export function limitChangeText(pod: PodSeries): string {
  const c = pod.limitChange;
  return c ? `; its pods run with a limit of ${fmt(c.to)} since a rollout, ${fmt(c.from)} before it` : '';
}

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
