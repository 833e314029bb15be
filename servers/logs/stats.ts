// log_stats' aggregation: entries counted per minute by level and service in each unit of the scan, added up,
// then folded into buckets sized so the answer stays small (about 60 buckets) unless the caller asks for a bucket size.
import type { LogLevel, LogStatsBucket, LogStatsResult } from '../../src/core/evidence.js';
import { inWindow, toIso, type TimeWindow } from '../../src/core/time.js';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { ScanItem } from './scan-units.js';
import { mergeCoverage, samplingNote, type Coverage } from './coverage.js';
import { scanWindows, type EntryAdmit, type ScanOptions } from './window-scan.js';

const NICE_BUCKETS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map((s) => s * 1000);
const MAX_SERVICES = 15;

interface Minute {
  total: number;
  byLevel: Map<LogLevel, number>;
  byService: Map<string, number>;
}

export function chooseBucket(spanMs: number): number {
  for (const b of NICE_BUCKETS) if (spanMs / b <= 60) return b;
  return NICE_BUCKETS[NICE_BUCKETS.length - 1]!;
}

export interface StatsQuery {
  window: TimeWindow;
  bucketMs: number | null;
  service?: string;
  scan: ScanOptions;
}

export type StatsOut = LogStatsResult & { untimed: number; sampling?: string };

/** One unit's counts (a unit: files or a part of one, read in a worker); units add up in any grouping. */
export interface StatsPartial {
  minutes: Map<number, Minute>;
  serviceTotals: Map<string, number>;
  untimed: number;
  coverage: Coverage[];
}

export async function collectStats(items: ScanItem[], q: StatsQuery): Promise<StatsPartial> {
  const { window, service } = q;
  const minutes = new Map<number, Minute>();
  const serviceTotals = new Map<string, number>();
  let untimed = 0;
  const svc = service?.toLowerCase();
  const coverage: Coverage[] = [];
  for (const { info, part } of items) {
    // Counted from each entry's first line: no entry is built (admit says no to all). Lines mostly share their
    // minute with the line before: its record is kept at hand.
    let at = NaN;
    let m: Minute | undefined;
    const count: EntryAdmit = (e, w) => {
      if (svc && (e.service ?? '').toLowerCase() !== svc) return false;
      if (e.time === null) {
        untimed += w;
        return false;
      }
      if (!inWindow(e.time, window)) return false;
      const key = Math.floor(e.time / 60_000) * 60_000;
      if (key !== at) {
        at = key;
        m = minutes.get(key);
        if (!m) minutes.set(key, (m = { total: 0, byLevel: new Map(), byService: new Map() }));
      }
      m!.total += w;
      m!.byLevel.set(e.level, (m!.byLevel.get(e.level) ?? 0) + w);
      const s = e.service ?? '(none)';
      m!.byService.set(s, (m!.byService.get(s) ?? 0) + w);
      return false;
    };
    coverage.push(await scanWindows(info, [window], { ...q.scan, lazy: true, part }, () => {}, count));
  }
  // Each service's total: the sum of its minutes (the same entries; only the order of the sums differs).
  for (const m of minutes.values()) add(serviceTotals, m.byService);
  return { minutes, serviceTotals, untimed, coverage };
}

const add = <K>(into: Map<K, number>, from: Map<K, number>) => {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
};

export function finishStats(partials: StatsPartial[], q: StatsQuery): StatsOut {
  const { window, bucketMs } = q;
  const minutes = new Map<number, Minute>();
  const serviceTotals = new Map<string, number>();
  let untimed = 0;
  for (const p of partials) {
    untimed += p.untimed;
    add(serviceTotals, p.serviceTotals);
    for (const [k, m] of p.minutes) {
      const into = minutes.get(k);
      if (!into) {
        minutes.set(k, m);
        continue;
      }
      into.total += m.total;
      add(into.byLevel, m.byLevel);
      add(into.byService, m.byService);
    }
  }
  const keys = [...minutes.keys()].sort((a, b) => a - b);
  const span = keys.length ? keys[keys.length - 1]! - keys[0]! + 60_000 : 60_000;
  const size = bucketMs ?? chooseBucket(window.from !== null && window.to !== null ? window.to - window.from : span);
  const kept = new Set([...serviceTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_SERVICES).map(([s]) => s));
  const buckets = new Map<number, LogStatsBucket>();
  for (const k of keys) {
    const m = minutes.get(k)!;
    const start = Math.floor(k / size) * size;
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = { start: toIso(start), total: 0, by_level: {}, by_service: {} }));
    b.total += m.total;
    for (const [l, c] of m.byLevel) b.by_level[l] = (b.by_level[l] ?? 0) + c;
    for (const [s, c] of m.byService) {
      const name = kept.has(s) ? s : '(other)';
      b.by_service[name] = (b.by_service[name] ?? 0) + c;
    }
  }
  // Sampled counts are weighted: whole numbers again once summed.
  for (const b of buckets.values()) {
    b.total = Math.round(b.total);
    for (const l of Object.keys(b.by_level) as LogLevel[]) b.by_level[l] = Math.round(b.by_level[l]!);
    for (const s of Object.keys(b.by_service)) b.by_service[s] = Math.round(b.by_service[s]!);
  }
  const sampling = samplingNote(mergeCoverage(partials.flatMap((p) => p.coverage)));
  return { bucket_seconds: size / 1000, buckets: [...buckets.values()], untimed: Math.round(untimed), ...(sampling ? { sampling } : {}) };
}
