// The first sign of a failure before it became constant: a gauge that jumped at the onset and, before it, spiked
// now and then to that level after a long quiet stretch. The release that began those spikes began the incident.
import type { EvidenceBundle } from './bundle.js';
import { quantile } from './series.js';
import { serviceFromLabels } from '../core/series-labels.js';
import { normalizeService } from './service-names.js';

export interface Precursor {
  /** The service whose series it is. */
  service: string;
  /** The gauge that spiked, as `name{labels}`, for the report. */
  series: string;
  /** The first spike before the onset. */
  start: number;
}

const MIN = 60_000;
/** The spikes must follow at least this long without any (their start is then a moment, not noise since ever). */
const QUIET = 15 * MIN;
/** The failing level must stand this far above the quiet baseline (a stall, a pool pinned, not a drift). */
const JUMP = 5;
/** Spikes must be rare before the onset: a few isolated scrapes, not a series that is high a fair share of the time. */
const RARE = 0.15;

/**
 * Per service and gauge: the series that jumped at the onset (most samples after it far above the quiet baseline)
 * and, across all the service's series of that gauge (pods replaced by a rollout included), the first sample before
 * the onset already halfway to that level. The earliest such start over the services is returned.
 */
export function precursor(bundle: EvidenceBundle, onset: number | null): Precursor | null {
  if (onset === null) return null;
  const groups = new Map<string, Array<{ labels: Record<string, string>; points: Array<[number, number]> }>>();
  for (const c of bundle.series) {
    for (const s of c.data) {
      const owner = serviceFromLabels(s.labels);
      if (!owner) continue;
      const key = `${normalizeService(owner)}\u0000${s.metric}`;
      const group = groups.get(key);
      if (group) group.push(s);
      else groups.set(key, [s]);
    }
  }
  let best: Precursor | null = null;
  for (const [key, series] of groups) {
    const [service, metric] = key.split('\u0000') as [string, string];
    // Before the onset, leaving a minute of slack for scrape and clock.
    const before = series.flatMap((s) => s.points.filter(([t]) => t < onset - MIN));
    if (before.length < 20) continue;
    const baseline = quantile(before.map(([, v]) => v), 0.5);
    const after = series.map((s) => s.points.filter(([t]) => t >= onset).map(([, v]) => v)).filter((v) => v.length >= 3);
    const level = Math.max(0, ...after.map((v) => quantile(v, 0.5)));
    if (!(level > 0) || !(level >= JUMP * Math.max(baseline, 0)) || level - baseline <= 0) continue;
    const bar = baseline + 0.5 * (level - baseline);
    const spikes = before.filter(([, v]) => v >= bar).map(([t]) => t).sort((a, b) => a - b);
    if (spikes.length === 0 || spikes.length > RARE * before.length) continue;
    const first = Math.min(...before.map(([t]) => t));
    if (spikes[0]! - first < QUIET) continue;
    if (!best || spikes[0]! < best.start) {
      const s = series.find((x) => x.points.some(([t]) => t === spikes[0]))!;
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
      best = { service, series: `${metric}{${labels}}`, start: spikes[0]! };
    }
  }
  return best;
}

