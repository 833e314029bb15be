// Where the logs say an incident began: the change point of severe entries per minute, and the first entry of the
// signatures that burst there (the onset sharpened from a minute to the entry).
import type { EvidenceBundle } from './bundle.js';
import type { RelatedSignature } from './related-signatures.js';
import { firstRise, heldShare, minuteOf, msOf, riseByStatedStart, type Point } from './series.js';
import { SEVERE } from './severity.js';


/**
 * Severe log entries per minute, from the signatures' per-minute counts (else log_stats), and their rise (by the
 * engineer's stated start, `stated`, when the text gives one: series.ts riseByStatedStart).
 */
export function logErrorRise(bundle: EvidenceBundle, from: number, to: number, stated: number | null = null, slack = 0): LogRise | null {
  const perMinute = new Map<number, number>();
  for (let t = Math.floor(from / 60_000) * 60_000; t <= to; t += 60_000) perMinute.set(t, 0);
  const sigs = bundle.signatures?.data ?? [];
  if (sigs.length > 0) {
    for (const s of sigs) {
      if (!SEVERE.has(s.level)) continue;
      for (const [t, n] of s.per_minute) {
        const m = Math.floor(msOf(t) / 60_000) * 60_000;
        if (perMinute.has(m)) perMinute.set(m, perMinute.get(m)! + n);
      }
    }
  } else {
    for (const b of bundle.logStats?.data ?? []) {
      const m = Math.floor(msOf(b.start) / 60_000) * 60_000;
      const n = (b.by_level.error ?? 0) + (b.by_level.fatal ?? 0);
      if (perMinute.has(m)) perMinute.set(m, perMinute.get(m)! + n);
    }
  }
  const pts: Point[] = [...perMinute].sort((a, b) => a[0] - b[0]);
  const rise = riseByStatedStart(pts, 3, stated, slack);
  if (!rise) return null;
  // Share of the minutes in [a, b) above the rise threshold: a burst that died away is not where the incident began.
  return { time: rise.time, heldBetween: (a: number, b: number) => heldShare(pts, rise.threshold, a, b) };
}

export interface LogRise {
  time: number;
  heldBetween(a: number, b: number): number;
}

/**
 * The first entry of the signatures that burst where the related errors per minute rise near `onset`. `logsFrom` is
 * the first minute the logs cover: minutes before it are no quiet baseline, and a run of entries that reaches back to
 * it began before the logs did, so it is no burst and its first entry is no onset.
 */
export function sharpenOnset(related: RelatedSignature[], onset: number, logsFrom: number, to: number): { r: RelatedSignature; time: number } | null {
  const agg = new Map<number, number>();
  for (const r of related) for (const [t, n] of r.sig.per_minute) agg.set(minuteOf(msOf(t)), (agg.get(minuteOf(msOf(t))) ?? 0) + n);
  if (agg.size === 0) return null;
  const first = minuteOf(logsFrom);
  const pts: Point[] = [];
  for (let t = first; t <= to; t += 60_000) pts.push([t, agg.get(t) ?? 0]);
  const rise = firstRise(pts, 3);
  // A rise in the logs' first minute is only where they begin.
  const T = rise && rise.time > first && rise.time >= onset - 20 * 60_000 && rise.time <= onset + 10 * 60_000 ? rise.time : minuteOf(onset);
  let best: { r: RelatedSignature; time: number } | null = null;
  for (const r of related) {
    const count = (a: number, b: number) => r.sig.per_minute.filter(([t]) => msOf(t) >= a && msOf(t) < b).reduce((x, [, n]) => x + n, 0);
    // Its first entry in the burst: a run of busy minutes may lead into it by a few minutes, a trickle may not.
    const minutes = new Set(r.sig.per_minute.filter(([, n]) => n > 0).map(([t]) => minuteOf(msOf(t))));
    let firstMinute: number | undefined;
    if (minutes.has(T)) {
      firstMinute = T;
      while (minutes.has(firstMinute - 60_000) && firstMinute - 60_000 >= T - 3 * 60_000) firstMinute -= 60_000;
      if (firstMinute <= first) continue;
    } else {
      firstMinute = [...minutes].filter((t) => t > T && t <= T + 10 * 60_000).sort((a, b) => a - b)[0];
    }
    if (firstMinute === undefined) continue;
    // A burst against the signature's own rate before its run began, as rates (the logs may hold only a few minutes
    // before it): three times that rate, as 1.5 times the count of twenty minutes in ten.
    const runFrom = Math.min(firstMinute, T);
    const beforeFrom = Math.max(first, runFrom - 20 * 60_000);
    const after = count(T, T + 10 * 60_000);
    const afterMin = Math.max(1, (Math.min(T + 10 * 60_000, to) - T) / 60_000);
    const beforeMin = Math.max(1, (runFrom - beforeFrom) / 60_000);
    if (after < 3 || after / afterMin < (3 * count(beforeFrom, runFrom)) / beforeMin) continue;
    const fs = msOf(r.sig.first_seen);
    const time = minuteOf(fs) === firstMinute ? fs : firstMinute;
    if (!best || time < best.time) best = { r, time };
  }
  return best && best.time >= onset - 15 * 60_000 ? best : null;
}
