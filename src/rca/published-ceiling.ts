// The ceiling a usage gauge's own family publishes beside it (hikaricp_connections_max next to _active, a pool's _size,
// a queue's _capacity): a pool flat far below the size it is configured with is steady, not at its limit.
import type { EvidenceBundle } from './bundle.js';
import type { SeriesSamples } from '../core/evidence.js';
import { quantile } from './series.js';

/** The last word of a family's limit gauge: `<family>_max` beside `<family>_active`. */
const CEILING_WORDS = new Set(['max', 'maximum', 'limit', 'size', 'capacity']);

const labelsKey = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));

/** `family` and `word` of `<family>_<word>`, or null for a one-word name. */
function split(metric: string): { family: string; word: string } | null {
  const at = metric.lastIndexOf('_');
  return at > 0 ? { family: metric.slice(0, at), word: metric.slice(at + 1) } : null;
}

/**
 * The configured ceiling of a usage gauge: a series of the same family and labels whose last word names a limit,
 * steady over the window (a configuration, not a reading), read as its median. Null when none is published.
 */
export function publishedCeiling(bundle: EvidenceBundle, s: SeriesSamples): number | null {
  const own = split(s.metric);
  if (!own || CEILING_WORDS.has(own.word)) return null;
  const key = labelsKey(s.labels);
  for (const c of bundle.series) {
    for (const limit of c.data) {
      const other = split(limit.metric);
      if (!other || other.family !== own.family || !CEILING_WORDS.has(other.word) || labelsKey(limit.labels) !== key) continue;
      const vals = limit.points.map((p) => p[1]);
      const v = quantile(vals, 0.5);
      if (v > 0 && quantile(vals, 0.95) - quantile(vals, 0.05) <= v * 0.01) return v;
    }
  }
  return null;
}
