// An error count's rise judged against its own service's traffic: entries of every level before and after the onset
// (log_stats), so errors that only grew with the requests, or a baseline too thin to have shown them, are no news.
import type { EvidenceBundle } from '../bundle.js';

/** A service's log entries (every level) in the buckets before the onset and in those from its bucket on. */
export interface Entries {
  pre: number;
  post: number;
}

/** Entries per service around the onset; a bucket that holds the onset counts as after it, as error minutes do. */
export function entriesAround(bundle: EvidenceBundle, onset: number, nameOf: (raw: string) => string): Map<string, Entries> {
  const out = new Map<string, Entries>();
  const stats = bundle.logStats?.data ?? [];
  const starts = stats.map((b) => Date.parse(b.start));
  // The buckets' width is the least gap between their starts (a minute when there is only one).
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!).filter((d) => d > 0);
  const step = gaps.length ? Math.min(...gaps) : 60_000;
  stats.forEach((b, i) => {
    const start = starts[i]!;
    if (Number.isNaN(start)) return;
    const before = start + step <= onset;
    for (const [raw, n] of Object.entries(b.by_service)) {
      if (!(n > 0)) continue;
      const e = out.get(nameOf(raw)) ?? { pre: 0, post: 0 };
      if (before) e.pre += n;
      else e.post += n;
      out.set(nameOf(raw), e);
    }
  });
  return out;
}

/**
 * How far `post` errors after the onset exceed what `pre` before it predict at the service's own traffic, in standard
 * deviations (Poisson). The baseline gets one error more than it showed: zero errors among ten entries says little
 * about a message logged once in ten, while zero among thousands says it is new.
 */
export function riseWithTraffic(pre: number, post: number, own: Entries): number {
  if (own.pre <= 0) return 0;
  const expected = ((pre + 1) * own.post) / own.pre;
  return (post - expected) / Math.sqrt(expected + 1);
}
