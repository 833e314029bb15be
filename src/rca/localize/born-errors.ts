// Error-status counters that appear with the first error: a client library or the collector's spanmetrics creates a
// labelled series at its first increment, so before it the count was zero, at the times its sibling series show.
import type { SeriesSamples } from '../../core/evidence.js';
import { STATUS_LABELS } from '../../core/series-labels.js';
import type { Point } from '../series.js';

/** Counter names by convention (the same as series-shape.ts reads as counters). */
const COUNTER_NAME = /(_total|_count)$/;

/** The series' identity without its status: the same endpoint's requests whatever their outcome. */
function endpointKey(s: SeriesSamples): string {
  const rest = Object.entries(s.labels).filter(([k]) => !STATUS_LABELS.includes(k)).sort(([a], [b]) => a.localeCompare(b));
  return `${s.metric}|${JSON.stringify(rest)}`;
}

/**
 * Each error counter (as `isError` says) that starts later than a sibling of another status is given zeros at the
 * sibling's earlier times: without them it has no baseline, and the failures it was born to count are never scored.
 * A series whose endpoint has no earlier sibling (a pod that started late, a new route) is left as it is.
 */
export function withZeroBefore(data: SeriesSamples[], isError: (labels: Record<string, string>) => boolean): SeriesSamples[] {
  const times = new Map<string, number[]>();
  for (const s of data) {
    if (!COUNTER_NAME.test(s.metric) || isError(s.labels)) continue;
    const k = endpointKey(s);
    times.set(k, [...(times.get(k) ?? []), ...s.points.map((p) => p[0])]);
  }
  if (times.size === 0) return data;
  return data.map((s) => {
    if (!COUNTER_NAME.test(s.metric) || !isError(s.labels) || s.points.length === 0) return s;
    const first = s.points[0]![0];
    const earlier = [...new Set((times.get(endpointKey(s)) ?? []).filter((t) => t < first))].sort((a, b) => a - b);
    if (earlier.length === 0) return s;
    const zeros: Point[] = earlier.map((t) => [t, 0]);
    return { ...s, points: [...zeros, ...s.points] };
  });
}
