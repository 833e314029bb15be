// The error signatures that belong to an incident: those new or surged from its onset on, weighted by their share
// of the errors after it, the service they weigh most in, and how a report names a signature (a real line of it).
import type { ErrorSignature } from '../core/evidence.js';
import type { EvidenceBundle } from './bundle.js';
import { normalizeService, serviceFromSource } from './service-names.js';
import { msOf } from './series.js';
import { SEVERE } from './severity.js';

export interface RelatedSignature {
  sig: ErrorSignature;
  service: string | null;
  /** Entries before the onset and from the onset on. */
  pre: number;
  post: number;
  /** Never seen before the onset (nor in the tool's own baseline). */
  isNew: boolean;
  /** Weight of this signature in the incident: share of the post-onset related entries. */
  weight: number;
}

/**
 * Signatures whose rate after the onset far exceeds their rate before it. `from` is where the logs begin (or the
 * window, when that is later): no entry before the onset means "new" only when the logs reach a minute before it, or
 * when the logs server found none in its own baseline.
 */
export function relatedSignatures(bundle: EvidenceBundle, onsetAt: number, from: number, to: number, marginMin = 0): RelatedSignature[] {
  const out: RelatedSignature[] = [];
  // A provisional onset (from a metric) can lag the first log entries: minutes within the margin count as after it.
  const onset = onsetAt - marginMin * 60_000;
  const preMin = Math.max(1, (onset - from) / 60_000);
  const postMin = Math.max(1, (to - onset) / 60_000);
  const hasPast = onset - from >= 60_000;
  for (const sig of bundle.signatures?.data ?? []) {
    let pre = 0;
    let post = 0;
    if (sig.per_minute.length > 0) {
      for (const [t, n] of sig.per_minute) {
        // A minute that holds the onset counts as after it: the onset is never earlier than its minute.
        if (msOf(t) + 60_000 <= onset) pre += n;
        else post += n;
      }
    } else {
      const first = msOf(sig.first_seen);
      if (first >= onset - 60_000) post = sig.count;
      else pre = sig.count;
    }
    const severe = SEVERE.has(sig.level) || sig.level === 'warn';
    // A baseline count of 0 from a sampled baseline proves nothing: the server's `new` then carries its test.
    const isNew = pre === 0 && (sig.new || (hasPast && sig.baseline_count === 0 && !sig.baseline_sampled));
    // Against the overall rate before the onset and the rate just before it: a trickle already running is not the onset's.
    const recent = sig.per_minute.filter(([t]) => msOf(t) + 60_000 <= onset && msOf(t) >= onset - 16 * 60_000).reduce((a, [, n]) => a + n, 0);
    const baseRate = Math.max((pre + 0.5) / preMin, recent / 15);
    const surge = post / postMin / baseRate;
    if (severe && post >= 2 && (isNew || surge >= 5)) {
      const service = sig.services[0] ? normalizeService(sig.services[0]) : serviceFromSource(sig.example_source);
      out.push({ sig, service, pre, post, isNew, weight: 0 });
    }
  }
  const total = out.reduce((a, r) => a + r.post * (SEVERE.has(r.sig.level) ? 1 : 0.3), 0) || 1;
  for (const r of out) r.weight = (r.post * (SEVERE.has(r.sig.level) ? 1 : 0.3)) / total;
  return out.sort((a, b) => b.weight - a.weight);
}

/** The service the related errors weigh most in. */
export function dominantService(related: RelatedSignature[]): string | null {
  const score = new Map<string, number>();
  for (const r of related) if (r.service) score.set(r.service, (score.get(r.service) ?? 0) + r.weight);
  const best = [...score].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

/**
 * A signature named by a real line of it, quoted and cut to `max` characters: a reader recognises
 * `"POST /api/v1/checkout 500 4067ms"` in their logs, not the template `"POST <*> <*> <*>"`.
 */
export function exampleLine(sig: ErrorSignature, max = 100): string {
  const line = (sig.example.split('\n')[0] ?? '').trim() || sig.template;
  return `"${line.length <= max ? line : `${line.slice(0, max - 1)}…`}"`;
}
