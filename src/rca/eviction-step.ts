// A change to a store's eviction policy or memory cap (Redis's maxmemory-policy volatile-ttl → allkeys-lru), confirmed
// by the store's evictions stepping up as it went live: what the store now throws away is what its clients miss.
import type { EvidenceBundle } from './bundle.js';
import { quantile, seriesName } from './series.js';
import { scoredPoints } from './localize/series-shape.js';
import { EVICTIONS } from '../core/metric-kind.js';

/** How a step reads in evidence: `redis_evicted_keys_total{…} evicted 35/s before and 95/s after`. */
export const describeEvictions = (e: EvictionStep): string =>
  `${e.series} evicted ${e.before.toFixed(e.before < 10 ? 1 : 0)}/s in the half hour before and ${e.after.toFixed(e.after < 10 ? 1 : 0)}/s after it went live`;

const MIN = 60_000;
/** A setting that decides what a store evicts, or when: Redis's maxmemory and maxmemory-policy, an eviction policy. */
const EVICTION_KEY = /maxmemory|evict/i;
/** `+  maxmemory-policy allkeys-lru` (redis.conf, space-separated), `+maxmemory-policy: allkeys-lru`, `eviction_policy = lru`. */
const SET_LINE = /^([+-])\s*["']?([A-Za-z][\w.-]*)["']?\s*(?:[:=]\s*|\s+)["']?([^"'#\s,]+)["']?\s*,?\s*(?:#.*)?$/;
/** Evictions this many times their rate before: the store now throws away much more than it did. */
const STEP = 2;

export interface EvictionStep {
  /** The added line that set it, as the diff has it. */
  line: string;
  key: string;
  from: string | null;
  to: string;
  /** The evictions series (the call that fetched it, its metric, its name), its rate per second before and after. */
  call: string;
  metric: string;
  series: string;
  before: number;
  after: number;
}

/** The eviction settings a diff changed or set anew (not a line moved with its value kept). */
export function evictionSettings(diff: string): Array<{ key: string; from: string | null; to: string; line: string }> {
  const removed = new Map<string, string>();
  const added: Array<{ key: string; to: string; line: string }> = [];
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    const m = SET_LINE.exec(line);
    if (!m || !EVICTION_KEY.test(m[2]!)) continue;
    if (m[1] === '-') removed.set(m[2]!, m[3]!);
    else added.push({ key: m[2]!, to: m[3]!, line: line.trim() });
  }
  return added.filter((a) => removed.get(a.key) !== a.to).map((a) => ({ ...a, from: removed.get(a.key) ?? null }));
}

/**
 * The eviction setting the diff changed, when an evictions series' rate in the quarter hour after `liveAt` is at least
 * twice (and clearly above) its rate in the half hour before; null otherwise.
 */
export function evictionStep(bundle: EvidenceBundle, diff: string, liveAt: number): EvictionStep | null {
  const set = evictionSettings(diff)[0];
  if (!set) return null;
  for (const c of [...bundle.series, ...bundle.usageCounters]) {
    for (const s of c.data) {
      if (!EVICTIONS.test(s.metric)) continue;
      const pts = scoredPoints(s);
      const before = pts.filter(([t]) => t >= liveAt - 30 * MIN && t < liveAt).map((p) => p[1]);
      // From a minute on: a store that restarted with the setting reloads before it evicts.
      const after = pts.filter(([t]) => t >= liveAt + MIN && t <= liveAt + 15 * MIN).map((p) => p[1]);
      if (before.length < 4 || after.length < 4) continue;
      const b = quantile(before, 0.5);
      const a = quantile(after, 0.5);
      if (a > 0 && a >= STEP * b && quantile(after, 0.25) > quantile(before, 0.75)) {
        return { ...set, call: c.call_id, metric: s.metric, series: seriesName(s), before: b, after: a };
      }
    }
  }
  return null;
}
