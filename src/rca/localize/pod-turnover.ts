// Pods that stopped reporting after the onset, replaced by a new pod of the same service or not at all (a kill, a crash,
// an eviction): read from where each pod's series begin and end, since a replaced pod leaves no restart count behind.
import type { SeriesSamples } from '../../core/evidence.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite } from '../quote.js';
import { podOf } from '../../core/series-labels.js';
import { serviceOfSeries } from './metric-scores.js';
import { typicalStep } from '../series.js';
import { SATURATED_Z } from './saturation.js';
import type { ServiceSignal, SignalSet } from './signal.js';

/** Sample steps a pod must be missing at the end (or the start) of the data before it counts as gone (or new). */
const MISSING_STEPS = 2;
export const TURNOVER_FAMILY = 'pod turnover';

interface PodSpan {
  pod: string;
  service: string;
  first: number;
  last: number;
  /** The call whose output names the pod: the evidence cited. */
  call: string;
}

/**
 * A 'restarts' signal for each service with a pod that reported before the onset and stopped after it while the rest
 * of the data went on: certain when a new pod of the service took over or no other pod was left serving, weaker when
 * its other pods kept reporting (a scale-down looks the same).
 */
export function podTurnoverSignals(bundle: EvidenceBundle, onset: number): SignalSet {
  const all = [...bundle.series, ...bundle.counters, ...bundle.usageCounters];
  const data = all.flatMap((c) => c.data.map((s) => ({ s, call: c.call_id })));
  const spans = podSpans(data);
  const step = typicalStep(data.map((d) => d.s));
  const times = data.flatMap((d) => d.s.points.map((p) => p[0]));
  const population = new Map<string, number>();
  if (spans.size === 0 || step === null || times.length === 0) return { signals: [], population };
  const [start, end] = [Math.min(...times), Math.max(...times)];
  const gap = MISSING_STEPS * step;
  const byService = new Map<string, PodSpan[]>();
  for (const p of spans.values()) byService.set(p.service, [...(byService.get(p.service) ?? []), p]);
  population.set(TURNOVER_FAMILY, byService.size);
  const signals: ServiceSignal[] = [];
  for (const [service, pods] of byService) {
    // Gone: reported before the onset, stopped no earlier than a step before it, and missing at the data's end.
    const gone = pods.filter((p) => p.first < onset && p.last >= onset - step && p.last < end - gap).sort((a, b) => a.last - b.last)[0];
    if (!gone) continue;
    // New: began after the data did, at the onset or later.
    const fresh = pods.filter((p) => p.first > start + gap && p.first >= onset - step).sort((a, b) => a.first - b.first)[0];
    const staying = pods.some((p) => p !== gone && p !== fresh && p.last >= end - gap);
    const at = new Date(gone.last + step).toISOString();
    const what = fresh
      ? `pod ${gone.pod} stopped reporting at ${at} and pod ${fresh.pod} of the same service began at ${new Date(fresh.first).toISOString()}: the pod was replaced (killed, crashed or evicted)`
      : `pod ${gone.pod} stopped reporting at ${at}, ${Math.round((end - gone.last) / 60_000)} min before the data ends, ${staying ? 'while its other pods went on (a crash or a scale-down)' : 'with no pod of the service left reporting'}`;
    signals.push({
      service,
      kind: 'restarts',
      family: TURNOVER_FAMILY,
      // A replaced or vanished only pod is as certain as a resource at its limit; one of several gone is half that.
      z: fresh || !staying ? SATURATED_Z : SATURATED_Z / 2,
      start: gone.last + step,
      what,
      evidence: cite(bundle, gone.call, what, [gone.pod]),
    });
  }
  return { signals, population };
}

/** Each pod's first and last sample over every series that names it, with the service its labels name. */
function podSpans(series: Array<{ s: SeriesSamples; call: string }>): Map<string, PodSpan> {
  const out = new Map<string, PodSpan>();
  for (const { s, call } of series) {
    const pod = podOf(s.labels);
    const service = serviceOfSeries(s.labels);
    if (!pod || !service || s.points.length === 0) continue;
    const first = s.points[0]![0];
    const last = s.points[s.points.length - 1]![0];
    const seen = out.get(pod);
    if (!seen) out.set(pod, { pod, service, first, last, call });
    else {
      seen.first = Math.min(seen.first, first);
      seen.last = Math.max(seen.last, last);
    }
  }
  return out;
}
