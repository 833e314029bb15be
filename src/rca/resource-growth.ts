// When a slow resource failure began: memory that climbed or free disk that drained towards the onset,
// and the start of that climb, so a release that started it can be found long before the first error.
import type { EvidenceBundle } from './bundle.js';
import { growthStart, quantile } from './series.js';

export interface ResourceGrowth {
  kind: 'memory' | 'disk';
  series: string;
  start: number;
}

/**
 * Memory that at least doubled, or free disk that drained to almost nothing, by shortly after the onset:
 * the incident's cause may then be whatever started the climb, long before the first error.
 */
export function resourceGrowth(bundle: EvidenceBundle, onset: number | null): ResourceGrowth | null {
  const until = onset === null ? Infinity : onset + 5 * 60_000;
  for (const c of bundle.series) {
    for (const s of c.data) {
      const pts = s.points.filter(([t]) => t <= until);
      if (pts.length < 8) continue;
      const values = pts.map((p) => p[1]);
      const early = quantile(values.slice(0, Math.ceil(values.length / 6)), 0.5);
      const name = `${s.metric}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
      if (/mem|rss|heap/i.test(s.metric) && early > 0 && Math.max(...values) >= 2 * early) {
        const start = growthStart(pts, 1);
        if (start !== null) return { kind: 'memory', series: name, start };
      }
      if (/(avail|free)/i.test(s.metric) && /(disk|filesystem|fs|volume|storage|bytes)/i.test(s.metric) && early > 0 && Math.min(...values) <= 0.05 * early) {
        const start = growthStart(pts, -1);
        if (start !== null) return { kind: 'disk', series: name, start };
      }
    }
  }
  return null;
}

