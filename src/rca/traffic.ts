// Traffic per service from raw request counters: the total request rate over time (all results summed),
// so a capacity step is a real rise in requests and a tiny request volume is known to make error shares noisy.
import type { ErrorRateSeries } from '../core/evidence.js';
import type { EvidenceBundle } from './bundle.js';
import type { Point } from './series.js';
import { meanBetween } from './series.js';
import { serviceFromLabels } from '../core/series-labels.js';
import { normalizeService } from './service-names.js';

/** Requests per second per service (its own service/app/job label), summed over every other label. */
export function requestRates(bundle: EvidenceBundle): Map<string, Point[]> {
  const out = new Map<string, Map<number, number>>();
  for (const c of bundle.counters ?? []) {
    for (const s of c.data) {
      const svc = serviceFromLabels(s.labels);
      if (!svc) continue;
      const key = normalizeService(svc);
      const acc = out.get(key) ?? new Map<number, number>();
      for (let i = 1; i < s.points.length; i++) {
        const [t0, v0] = s.points[i - 1]!;
        const [t1, v1] = s.points[i]!;
        // A counter reset restarts from zero: its new value is the increase.
        const inc = v1 >= v0 ? v1 - v0 : v1;
        if (t1 > t0) acc.set(t1, (acc.get(t1) ?? 0) + inc / ((t1 - t0) / 1000));
      }
      out.set(key, acc);
    }
  }
  return new Map([...out].map(([k, m]) => [k, [...m].sort((a, b) => a[0] - b[0]) as Point[]]));
}

/** Mean request rate of a service in [from, to), or null when no counter names it. */
export function meanRequestRate(rates: Map<string, Point[]>, service: string, from: number, to: number): number | null {
  const pts = rates.get(normalizeService(service));
  return pts ? meanBetween(pts, from, to) : null;
}

/** Errors too few to place an onset on: under ~1 request/s, or fewer than 20 errors since the change point. */
export function tinyErrorVolume(bundle: EvidenceBundle, series: ErrorRateSeries, at: number, to: number): boolean {
  const reqs = meanRequestRate(requestRates(bundle), series.service, at, to + 1);
  if (reqs === null) return false;
  const errors = reqs * series.peak * Math.max(0, to - at) / 1000;
  return reqs < 1 || errors < 20;
}
