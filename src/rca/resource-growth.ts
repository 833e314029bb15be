// When a slow resource failure began: memory or held resources (pool connections, descriptors, threads) that
// climbed or free disk that drained towards the onset, and the start of that climb, so a release that started it
// can be found long before the first error; failing those, a cache that began evicting (its churn drives the misses
// to the store behind it).
import type { EvidenceBundle } from './bundle.js';
import { growthStart, quantile, seriesName } from './series.js';
import { overlappingRuns } from './overlapping-runs.js';
import { scoredPoints } from './localize/series-shape.js';
import { APP_LABELS, CONTAINER_LABELS, POD_LABELS } from '../core/series-labels.js';
import { EVICTIONS } from '../core/metric-kind.js';

export interface ResourceGrowth {
  /**
   * usage: a count of held things (connections in use, open descriptors, busy threads) that a leak drives to a limit.
   * cache: a cache that evicted nothing began evicting without pause (what it stores outgrew it).
   * runs: a scheduled job's runs began to overlap (overlapping-runs.ts).
   */
  kind: 'memory' | 'disk' | 'usage' | 'cache' | 'runs';
  series: string;
  start: number;
  /** The one thing the growth is of (the CronJob whose runs overlap): a change about it is that thing's. */
  owner?: string;
}

// Counts of things a process holds and should give back: what leaks when a release forgets to release.
const HELD = /pool|conn|in_?use|idle[ _]in[ _]transaction|open_?fds|file_?descriptors|handles|threads_(?:busy|active|blocked)|busy_threads|active_threads/i;

// The labels that say whose a series is (series-labels.ts' own lists), and where it was scraped.
const WHOSE = new Set([...APP_LABELS, ...POD_LABELS, ...CONTAINER_LABELS, 'job', 'instance', 'namespace', 'host', 'node', 'workload']);

/**
 * Memory that at least doubled, or free disk that drained to almost nothing, by shortly after the onset:
 * the incident's cause may then be whatever started the climb, long before the first error. Failing those, a
 * count of held resources that grew fivefold from a small start (a pool leaking a connection a minute).
 */
export function resourceGrowth(bundle: EvidenceBundle, onset: number | null): ResourceGrowth | null {
  const until = onset === null ? Infinity : onset + 5 * 60_000;
  let usage: ResourceGrowth | null = null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      const pts = s.points.filter(([t]) => t <= until);
      if (pts.length < 8) continue;
      const values = pts.map((p) => p[1]);
      const early = quantile(values.slice(0, Math.ceil(values.length / 6)), 0.5);
      const name = seriesName(s);
      if (/mem|rss|heap/i.test(s.metric) && early > 0 && Math.max(...values) >= 2 * early) {
        const start = growthStart(pts, 1);
        if (start !== null) return { kind: 'memory', series: name, start };
      }
      if (/(avail|free)/i.test(s.metric) && /(disk|filesystem|fs|volume|storage|bytes)/i.test(s.metric) && early > 0 && Math.min(...values) <= 0.05 * early) {
        const start = growthStart(pts, -1);
        if (start !== null) return { kind: 'disk', series: name, start };
      }
      // What is counted may be in a label (`state="idle in transaction"`), never in whose it is (a `conn-router` service).
      const labelled = `${s.metric} ${Object.entries(s.labels).filter(([k]) => !WHOSE.has(k)).map(([, v]) => v).join(' ')}`;
      if (usage === null && HELD.test(labelled) && early > 0 && Math.max(...values) >= 5 * early) {
        const start = growthStart(pts, 1);
        if (start !== null) usage = { kind: 'usage', series: name, start };
      }
    }
  }
  if (usage) return usage;
  const runs = overlappingRuns(bundle, until);
  if (runs) return { kind: 'runs', ...runs };
  // Evictions are counted: read as their rate.
  for (const c of [...bundle.series, ...bundle.usageCounters]) {
    for (const s of c.data) {
      if (!EVICTIONS.test(s.metric)) continue;
      const pts = scoredPoints(s).filter(([t]) => t <= until);
      if (pts.length < 8 || !beganEvicting(pts.map((p) => p[1]))) continue;
      const start = growthStart(pts, 1);
      if (start !== null) return { kind: 'cache', series: seriesName(s), start };
    }
  }
  return null;
}

/**
 * Evictions that were nil for the first half of the window and never pause in its last sixth: a cache that had room
 * for what it held and no longer has (a burst of evictions now and then is a cache at its normal size).
 */
function beganEvicting(values: number[]): boolean {
  const firstHalf = values.slice(0, Math.floor(values.length / 2));
  const last = values.slice(-Math.max(3, Math.ceil(values.length / 6)));
  const late = quantile(last, 0.5);
  return late > 0 && quantile(firstHalf, 0.5) <= 0.02 * late && last.every((v) => v > 0.1 * late);
}
