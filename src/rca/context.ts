// What every analyzer needs first, derived once from the bundle: when it started, which service shows
// it, which error signatures are new or surged at that moment, and which names (services, hosts) exist.
import type { ErrorRateSeries, ErrorSignature } from '../core/evidence.js';
import type { EvidenceBundle } from './bundle.js';
import { firstRise, type Point } from './series.js';

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

export interface AnalysisContext {
  from: number;
  to: number;
  onset: number | null;
  /** How the onset was found, for the report. */
  onsetBasis: Array<{ source: 'logs' | 'metrics'; call_id: string; time: number; what: string; quote: string }>;
  /** The error-rate series that shows the incident, if metrics have one. */
  rate: ErrorRateSeries | null;
  affectedService: string | null;
  related: RelatedSignature[];
  /** Service names seen in logs, metrics and containers (normalised). */
  services: Set<string>;
  /** Every label value and container name: names errors may mention. */
  entities: Set<string>;
}

const GENERIC_SEGMENTS = new Set(['app', 'main', 'service', 'server', 'api', 'worker', 'web', 'svc', 'srv', 'root']);
const SEVERE = new Set(['error', 'fatal', 'critical', 'crit', 'emerg', 'alert']);

/** "billing.app" -> "billing", "Orders" -> "orders": logger names carry module suffixes. */
export function normalizeService(name: string): string {
  const parts = name.trim().toLowerCase().split('.');
  while (parts.length > 1 && GENERIC_SEGMENTS.has(parts[parts.length - 1]!)) parts.pop();
  return parts.join('.');
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

export function deriveContext(bundle: EvidenceBundle): AnalysisContext {
  const from = Date.parse(bundle.window.from);
  const to = Date.parse(bundle.window.to);
  const ctx: AnalysisContext = {
    from,
    to,
    onset: null,
    onsetBasis: [],
    rate: null,
    affectedService: null,
    related: [],
    services: new Set(),
    entities: new Set(),
  };
  collectNames(bundle, ctx);

  // 1. The error-rate series with the largest sustained rise.
  let best: { series: ErrorRateSeries; time: number; gain: number } | null = null;
  for (const s of bundle.errorRates?.data ?? []) {
    const pts: Point[] = s.points.map(([t, v]) => [ms(t), v] as Point).filter(([t]) => !Number.isNaN(t));
    const rise = firstRise(pts, 0.02);
    if (rise && (!best || rise.peak - rise.baseline > best.gain)) best = { series: s, time: rise.time, gain: rise.peak - rise.baseline };
  }
  if (best && bundle.errorRates) {
    ctx.rate = best.series;
    ctx.onset = best.time;
    ctx.affectedService = normalizeService(best.series.service);
    const pt = best.series.points.find(([t]) => ms(t) === best!.time);
    ctx.onsetBasis.push({
      source: 'metrics',
      call_id: bundle.errorRates.call_id,
      time: best.time,
      what: `error rate of ${best.series.service} rose from ${pct(best.series.baseline)} to ${pct(best.series.peak)}`,
      quote: pt ? pointQuote(bundle.outputs[bundle.errorRates.call_id]?.text ?? '', pt[0]) : best.series.service,
    });
  }

  // 2. The error-log change point: severe entries per minute across signatures (or log_stats).
  const logRise = logErrorRise(bundle, from, to);
  if (ctx.onset === null && logRise) ctx.onset = logRise.time;

  // 3. Signatures that appeared or surged at the onset; then the onset is sharpened to the first of them.
  if (ctx.onset !== null) {
    ctx.related = relatedSignatures(bundle, ctx.onset, from, to);
    const strong = ctx.related.filter((r) => r.post >= 3 && r.sig.first_seen);
    const firsts = strong
      .map((r) => ({ r, t: firstAfter(r, ctx.onset! - 15 * 60_000) }))
      .filter((x) => !Number.isNaN(x.t) && x.t >= ctx.onset! - 15 * 60_000 && x.t <= ctx.onset! + 10 * 60_000)
      .sort((a, b) => a.t - b.t);
    if (firsts.length > 0 && bundle.signatures) {
      const first = firsts[0]!;
      if (first.t < ctx.onset) {
        ctx.onset = first.t;
        ctx.related = relatedSignatures(bundle, ctx.onset, from, to);
      }
      ctx.onsetBasis.push({
        source: 'logs',
        call_id: bundle.signatures.call_id,
        time: first.t,
        what: `first "${first.r.sig.template}" entry`,
        quote: first.r.sig.example.split('\n')[0] ?? first.r.sig.template,
      });
    }
    if (!ctx.affectedService) ctx.affectedService = dominantService(ctx.related);
  }
  return ctx;
}

function firstAfter(r: RelatedSignature, after: number): number {
  const fs = ms(r.sig.first_seen);
  if (fs >= after) return fs;
  const minute = r.sig.per_minute.find(([t, n]) => n > 0 && ms(t) >= after);
  return minute ? ms(minute[0]) : NaN;
}

/** The `["<time>",<value>]` pair as the output spells it, or the time alone. */
function pointQuote(text: string, time: string): string {
  const at = text.indexOf(`["${time}"`);
  const end = at >= 0 ? text.indexOf(']', at) : -1;
  return at >= 0 && end > at && end - at < 80 ? text.slice(at, end + 1) : time;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** Severe log entries per minute, from the signatures' per-minute counts (else log_stats), and their rise. */
function logErrorRise(bundle: EvidenceBundle, from: number, to: number): { time: number } | null {
  const perMinute = new Map<number, number>();
  for (let t = Math.floor(from / 60_000) * 60_000; t <= to; t += 60_000) perMinute.set(t, 0);
  const sigs = bundle.signatures?.data ?? [];
  if (sigs.length > 0) {
    for (const s of sigs) {
      if (!SEVERE.has(s.level)) continue;
      for (const [t, n] of s.per_minute) {
        const m = Math.floor(ms(t) / 60_000) * 60_000;
        if (perMinute.has(m)) perMinute.set(m, perMinute.get(m)! + n);
      }
    }
  } else {
    for (const b of bundle.logStats?.data ?? []) {
      const m = Math.floor(ms(b.start) / 60_000) * 60_000;
      const n = (b.by_level.error ?? 0) + (b.by_level.fatal ?? 0);
      if (perMinute.has(m)) perMinute.set(m, perMinute.get(m)! + n);
    }
  }
  const pts: Point[] = [...perMinute].sort((a, b) => a[0] - b[0]);
  const rise = firstRise(pts, 3);
  return rise ? { time: rise.time } : null;
}

/** Signatures whose rate after the onset far exceeds their rate before it. */
export function relatedSignatures(bundle: EvidenceBundle, onset: number, from: number, to: number): RelatedSignature[] {
  const out: RelatedSignature[] = [];
  const preMin = Math.max(1, (onset - from) / 60_000);
  const postMin = Math.max(1, (to - onset) / 60_000);
  for (const sig of bundle.signatures?.data ?? []) {
    let pre = 0;
    let post = 0;
    if (sig.per_minute.length > 0) {
      for (const [t, n] of sig.per_minute) {
        // A minute that holds the onset counts as after it: the onset is never earlier than its minute.
        if (ms(t) + 60_000 <= onset) pre += n;
        else post += n;
      }
    } else {
      const first = ms(sig.first_seen);
      if (first >= onset - 60_000) post = sig.count;
      else pre = sig.count;
    }
    const severe = SEVERE.has(sig.level) || sig.level === 'warn';
    const isNew = pre === 0 && (sig.baseline_count === 0 || sig.new);
    const surge = post / postMin / ((pre + 0.5) / preMin);
    if (severe && post >= 2 && (isNew || surge >= 5)) {
      out.push({ sig, service: sig.services[0] ? normalizeService(sig.services[0]) : null, pre, post, isNew, weight: 0 });
    }
  }
  const total = out.reduce((a, r) => a + r.post * (SEVERE.has(r.sig.level) ? 1 : 0.3), 0) || 1;
  for (const r of out) r.weight = (r.post * (SEVERE.has(r.sig.level) ? 1 : 0.3)) / total;
  return out.sort((a, b) => b.weight - a.weight);
}

function dominantService(related: RelatedSignature[]): string | null {
  const score = new Map<string, number>();
  for (const r of related) if (r.service) score.set(r.service, (score.get(r.service) ?? 0) + r.weight);
  const best = [...score].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

function collectNames(bundle: EvidenceBundle, ctx: AnalysisContext): void {
  const addService = (n: string | null | undefined) => {
    if (n) {
      ctx.services.add(normalizeService(n));
      ctx.entities.add(normalizeService(n));
    }
  };
  for (const s of bundle.signatures?.data ?? []) s.services.forEach(addService);
  for (const b of bundle.logStats?.data ?? []) Object.keys(b.by_service).forEach(addService);
  for (const r of bundle.errorRates?.data ?? []) addService(r.service);
  for (const c of bundle.containers?.data ?? []) addService(c.name);
  const labelValues = (labels: Record<string, string>) => {
    for (const [k, v] of Object.entries(labels)) {
      if (/^(quantile|le|code|status|status_code|method|mountpoint|device|path|handler|route|job|instance|__name__)$/.test(k)) continue;
      if (/^[\d.:]+$/.test(v) || v.length < 2) continue;
      ctx.entities.add(v.toLowerCase());
      if (/^(service|app|application|container|pod|deployment|component)$/.test(k)) addService(v);
    }
  };
  for (const a of bundle.anomalies?.data ?? []) labelValues(a.labels);
  for (const c of bundle.series) for (const s of c.data) labelValues(s.labels);
}
