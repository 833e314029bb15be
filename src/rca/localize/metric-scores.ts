// Per-service anomaly signals from every sampled metric series: each series is tied to a service through
// its labels and scored against its own baseline before the onset (robust z), never through log text.
import type { SeriesSamples } from '../../core/evidence.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import { seriesName } from '../signals.js';
import type { Point } from '../series.js';
import { callEdge } from './call-edges.js';
import { passOnToCallees } from './own-calls.js';
import { robustScore, typicalLevel, zText } from './robust.js';
import { resourceLimits } from './limits.js';
import { limitReading, SATURATED_Z } from './saturation.js';
import { scoredPoints, serverErrorStatus } from './series-shape.js';
import { metricKind, pressureFalls, type ServiceSignal, type SignalKind, type SignalSet } from './signal.js';
import { limitChangeText, mergeRollouts, type PodSeries } from './rollouts.js';
import { ownDeparture } from './weak-departures.js';
import { steppedBeforeOnset } from './earlier-step.js';
import { withZeroBefore } from './born-errors.js';
import { spanSideKind } from './span-kind.js';

/**
 * The service a series is about: the callee when its labels name both ends of a call (the caller measured it), else
 * what its labels name (core/series-labels.ts). Null for system-wide series.
 */
export function serviceOfSeries(labels: Record<string, string>): string | null {
  const edge = callEdge(labels);
  if (edge) return edge.callee;
  const svc = serviceFromLabels(labels);
  return svc ? normalizeService(svc) : null;
}

/** The family suffix of a metric's server-error (5xx) series. */
const ERROR_FAMILY = '{5xx}';
/**
 * The typical level an error family is scaled by, as a share of the metric's usual level over all statuses: with the
 * robust floor at half the typical level, one failed request in a hundred of the usual traffic is one unit of departure.
 */
const ERROR_UNIT = 0.02;

/** Below this share of its limit a usage rise is activity, not pressure (half the headroom of NEAR_LIMIT left). */
const BUSY_SHARE = 0.5;

export function metricSignals(bundle: EvidenceBundle, onset: number): SignalSet {
  const out: ServiceSignal[] = [];
  const population = new Map<string, number>();
  // Services whose own outbound calls rose: their latency and errors are their callees' trouble passed on.
  const waiting = new Map<string, string>();
  // Limits published as series (kube-state-metrics, cAdvisor): CPU seconds and bytes read as shares of them.
  const limits = resourceLimits(bundle);
  // Gauges and counters alike (a request counter by status code is where a front end's 5xx show; a CPU-seconds
  // counter is the only CPU some systems export).
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) {
    const grouped = families(withZeroBefore(c.data, (l) => serverErrorStatus(l) === true));
    const whole = typicalLevel([...grouped.values()].flat().flatMap((p) => p.points.map((x) => x[1])));
    for (const [family, list] of grouped) {
      const kind = familyKind(family, list[0]!.s);
      // Errors are measured in units of the usual traffic (all statuses), not of their own level: a family of one
      // series that was zero before the onset would otherwise be scaled by its own rise.
      const typical = kind === 'errors' && family.endsWith(ERROR_FAMILY) ? ERROR_UNIT * whole : typicalLevel(list.flatMap((p) => p.points.map((x) => x[1])));
      const services = new Set(list.map((p) => serviceOfSeries(p.s.labels)).filter((x) => x !== null));
      population.set(family, (population.get(family) ?? 0) + services.size);
      // Headroom (free disk, available memory) is pressure when it falls.
      const direction = kind !== 'errors' && pressureFalls(list[0]!.s.metric) ? 'down' : 'up';
      for (const pod of mergeRollouts(list, kind, limits)) {
        const s = pod.s;
        // A rolled-out workload with limits is read as its share of the limits running at each time (full scale 1).
        const points = pod.share ?? pod.points;
        // A client span's latency and errors are its callee's as the caller saw them (span metrics name both sides alike).
        const side = spanSideKind(kind, s.labels);
        noteOutbound(s, pod.points, side, onset, waiting);
        const service = serviceOfSeries(s.labels);
        if (!service) continue;
        const strong = robustScore(points, onset, pod.share ? 1 : typical, direction);
        if (!strong) continue;
        // Server latency already at its level before the onset, that moved no further at it, began before the incident.
        if (side === 'latency' && direction === 'up' && steppedBeforeOnset(points, onset, strong)) continue;
        const limit = limitReading(s.metric, points, onset, pod.share ? 1 : limits.of(s, kind), direction);
        // A usage series that climbed to its limit is certain pressure even when other pods' levels make its z small.
        const z0 = limit?.reached ? Math.max(strong.z, SATURATED_Z) : strong.z;
        // Under the system-wide bar, a departure on the series' own scale is still weak evidence for the later places.
        const weak = z0 < 3 ? ownDeparture(points, onset, direction) : null;
        if (z0 < 3 && !weak) continue;
        const r = weak ?? strong;
        const z = weak ? weak.z : z0;
        // CPU far below its limit shows how busy a service is (more requests, retries), not that it is starved.
        const busy = limit && !limit.reached && kind === 'cpu' && limit.share < BUSY_SHARE;
        const at = limit?.reached ? `, ${Math.round(limit.share * 100)} % of its limit${direction === 'down' ? ' in use' : ''}` : busy ? ', far below its limit (activity, not pressure)' : '';
        const what = weak
          ? `${seriesName(s)} held at ${fmt(r.peak)} after the onset, from ${fmt(r.baseline)} (${zText(r.z)} against its own baseline; weak: less than the system's services usually differ by)`
          : `${seriesName(s)}${pod.share ? ' as a share of its limit' : ''} ${direction === 'up' ? 'rose' : 'fell'} from ${fmt(r.baseline)} to ${fmt(r.peak)}${at} (${zText(r.z)} against the baseline before the onset)${limitChangeText(pod)}`;
        const signal: ServiceSignal = { service, kind: busy ? 'traffic' : side, family, z, start: r.start, what, evidence: cite(bundle, c.call_id, what, quoteKeys(s)) };
        if (weak) signal.weak = true;
        if (limit) signal.limitShare = limit.share;
        out.push(signal);
      }
    }
  }
  return { signals: passOnToCallees(out, waiting), population };
}

/**
 * Series grouped into families that are compared with each other: one metric, with its error-status series (5xx)
 * apart from the rest, counters read as rates.
 */
function families(data: SeriesSamples[]): Map<string, PodSeries[]> {
  const out = new Map<string, PodSeries[]>();
  for (const s of data) {
    const family = serverErrorStatus(s.labels) ? `${s.metric}${ERROR_FAMILY}` : s.metric;
    out.set(family, [...(out.get(family) ?? []), { s, points: scoredPoints(s) }]);
  }
  return out;
}

function familyKind(family: string, s: SeriesSamples): SignalKind {
  return family.endsWith(ERROR_FAMILY) ? 'errors' : metricKind(s.metric);
}

/**
 * Records a caller whose outbound calls rose by its own baseline's measure (not against other services' levels: a
 * caller's calls doubling from 40 ms is news even where another calls at 400 ms): its client-side latency, or an
 * edge it calls getting slower or failing more.
 */
function noteOutbound(s: SeriesSamples, points: Point[], kind: SignalKind, onset: number, waiting: Map<string, string>): void {
  const edge = callEdge(s.labels);
  const caller = edge ? edge.caller : kind === 'client_latency' || kind === 'client_errors' ? serviceOfSeries(s.labels) : null;
  if (!caller || waiting.has(caller)) return;
  if (edge && kind !== 'latency' && kind !== 'client_latency' && kind !== 'errors') return;
  const r = robustScore(points, onset, 0);
  if (r && r.z >= 3) waiting.set(caller, `${seriesName(s)} rose from ${fmt(r.baseline)} to ${fmt(r.peak)}`);
}

/**
 * What quotes a series in its call's output: its name, else its label set (a histogram_quantile's result has no name,
 * its series are told apart by their labels alone).
 */
function quoteKeys(s: SeriesSamples): string[] {
  return [s.metric, JSON.stringify(s.labels)];
}

/** A measured value as the evidence prints it: whole from 100 on, else three significant digits (0.0858, 6.75). */
export function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
