// What the incident did, in numbers the evidence already holds: error entries since the onset (per service),
// the error rate before and at its peak, example failing requests, and when the errors were last seen.
import type { ImpactSummary } from '../core/report.js';
import type { EvidenceBundle } from './bundle.js';
import type { AnalysisContext } from './context.js';
import { SEVERE } from './severity.js';

// An HTTP request as access logs and frameworks print it: a method, then an absolute path.
const REQUEST_RE = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s?"'#]*)/;
const MAX_ENDPOINTS = 5;

export function impactOf(bundle: EvidenceBundle, ctx: AnalysisContext): ImpactSummary | null {
  if (ctx.onset === null) return null;
  const onset = ctx.onset;
  const by_service: Record<string, number> = {};
  const endpoints: string[] = [];
  let lastSeen: number | null = null;
  for (const r of ctx.related) {
    if (r.post <= 0) continue;
    const svc = r.service ?? 'unknown';
    by_service[svc] = (by_service[svc] ?? 0) + r.post;
    const req = REQUEST_RE.exec(r.sig.example);
    const endpoint = req ? `${req[1]} ${req[2]}` : null;
    if (endpoint && !endpoints.includes(endpoint) && endpoints.length < MAX_ENDPOINTS) endpoints.push(endpoint);
    const last = r.sig.last_seen ? Date.parse(r.sig.last_seen) : NaN;
    if (Number.isFinite(last) && (lastSeen === null || last > lastSeen)) lastSeen = last;
  }
  // Every severe entry from the onset on, not only those of the signatures tied to the incident
  // (error_signatures counts per minute; log_stats may not reach the end of a long window).
  let severe: number | null = null;
  const fromMinute = Math.floor(onset / 60_000) * 60_000;
  for (const sig of bundle.signatures?.data ?? []) {
    if (!SEVERE.has(sig.level)) continue;
    severe = (severe ?? 0) + sig.per_minute.reduce((a, [t, n]) => (Date.parse(t) >= fromMinute ? a + n : a), 0);
  }
  const rate = ctx.rate;
  const rateEnd = rate ? lastElevated(rate.points, rate.baseline) : null;
  if (rateEnd !== null && (lastSeen === null || rateEnd > lastSeen)) lastSeen = rateEnd;
  const services = Object.keys(by_service).sort((a, b) => by_service[b]! - by_service[a]!);
  if (rate && !services.includes(rate.service)) services.unshift(rate.service);
  return {
    services,
    error_entries: severe,
    related_entries: by_service,
    error_rate: rate ? { service: rate.service, before: rate.baseline, peak: rate.peak, peak_time: rate.peak_time } : null,
    endpoints,
    last_error: lastSeen === null ? null : new Date(lastSeen).toISOString(),
  };
}

/** The last sample clearly above the usual error share (twice the baseline and at least one point more). */
function lastElevated(points: Array<[string, number]>, baseline: number): number | null {
  let last: number | null = null;
  for (const [t, v] of points) if (v > Math.max(2 * baseline, baseline + 0.01)) last = Date.parse(t);
  return last !== null && Number.isFinite(last) ? last : null;
}
