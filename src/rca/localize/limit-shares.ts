// CPU or memory usage that reached the limit published for its pods (kube-state-metrics, cAdvisor's spec), read as a
// share of the limits in force at each time, so a rollout that lowered the limit shows as the usage reaching it.
import type { SeriesSamples } from '../../core/evidence.js';
import type { EvidenceBundle } from '../bundle.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { seriesName } from '../signals.js';
import type { Point } from '../series.js';
import type { Limits } from './limits.js';
import { limitChangeText, mergeRollouts } from './rollouts.js';
import { limitReading, NEAR_LIMIT } from './saturation.js';
import { scoredPoints } from './series-shape.js';
import { metricKind } from './signal.js';

export interface LimitShare {
  call: string;
  metric: string;
  service: string | null;
  /** When the share first came within NEAR_LIMIT of the limit, at or after the last time it was clearly below. */
  time: number;
  text: string;
  share: Point[];
}

/** `limits`: the bundle's published limits (resourceLimits), which the caller has already read. */
export function limitShares(bundle: EvidenceBundle, onset: number, limits: Limits): LimitShare[] {
  const out: LimitShare[] = [];
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) {
    const byMetric = new Map<string, SeriesSamples[]>();
    for (const s of c.data) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
    for (const [metric, list] of byMetric) {
      const kind = metricKind(metric);
      if (kind !== 'cpu' && kind !== 'memory') continue;
      for (const pod of mergeRollouts(list.map((s) => ({ s, points: scoredPoints(s) })), kind, limits)) {
        const limit = pod.share ? 1 : limits.of(pod.s, kind);
        if (limit === null) continue;
        const share = pod.share ?? pod.points.map(([t, v]): Point => [t, v / limit]);
        const reading = limitReading(metric, share, onset, 1);
        if (!reading?.reached) continue;
        const lastBelow = [...share].reverse().find(([t, v]) => t < onset && v < NEAR_LIMIT)?.[0] ?? -Infinity;
        const time = share.find(([t, v]) => t > lastBelow && v >= NEAR_LIMIT)?.[0] ?? onset;
        const text = `${seriesName(pod.s)} reached ${Math.round(reading.share * 100)} % of its ${kind === 'cpu' ? 'CPU' : 'memory'} limit${limitChangeText(pod)}`;
        out.push({ call: c.call_id, metric, service: serviceFromLabels(pod.s.labels), time, text, share });
      }
    }
  }
  return out;
}
