// When the gathered logs begin and end: a change point or a "new" signature needs logs from before it,
// and logs that start inside the window have no past before their first line.
import type { EvidenceBundle } from './bundle.js';

/**
 * The first and last minute with any log entry, from log_stats (every level). Null without log_stats: the error
 * signatures alone cannot tell when the logs begin, only when the errors do.
 */
export function logSpan(bundle: EvidenceBundle): { first: number; last: number } | null {
  const times = (bundle.logStats?.data ?? [])
    .filter((b) => b.total > 0)
    .map((b) => Date.parse(b.start))
    .filter((t) => !Number.isNaN(t));
  return times.length ? { first: Math.min(...times), last: Math.max(...times) } : null;
}
