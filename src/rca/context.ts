// What every analyzer needs first, derived once from the bundle: when it started, which service shows
// it, which error signatures are new or surged at that moment, and which names (services, hosts) exist.
import type { ErrorRateSeries, ErrorSignature } from '../core/evidence.js';
import type { EvidenceBundle } from './bundle.js';
import { statedStart, withStatedStart } from './localize/incident-text.js';
import { logSpan } from './log-span.js';
import { podsOf, rootCause } from './signature-words.js';
import { resourceGrowth, type ResourceGrowth } from './resource-growth.js';
import { firstRise, type Point } from './series.js';
import { normalizeService, serviceFromSource } from './service-names.js';
import { tinyErrorVolume } from './traffic.js';

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
  /** A resource that climbed (memory) or drained (free disk) towards the onset, and when that began. */
  growth: ResourceGrowth | null;
}

const SEVERE = new Set(['error', 'fatal', 'critical', 'crit', 'emerg', 'alert']);

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
    growth: null,
  };
  collectNames(bundle, ctx);

  // 1. The error-rate series with the largest sustained rise.
  let best: { series: ErrorRateSeries; time: number; gain: number } | null = null;
  for (const s of bundle.errorRates?.data ?? []) {
    const pts: Point[] = s.points.map(([t, v]) => [ms(t), v] as Point).filter(([t]) => !Number.isNaN(t));
    const rise = firstRise(pts, 0.02);
    if (rise && (!best || rise.peak - rise.baseline > best.gain)) best = { series: s, time: rise.time, gain: rise.peak - rise.baseline };
  }
  // 2. The error-log change point: severe entries per minute across signatures (or log_stats), from the first
  // log line on (minutes before the logs begin are no quiet baseline, just no data).
  const logsFrom = Math.max(from, Math.floor((logSpan(bundle)?.first ?? from) / 60_000) * 60_000);
  const logRise = logErrorRise(bundle, logsFrom, to);
  // An error share over a trickle of requests (a consumer with almost no HTTP traffic) jumps on a handful of
  // errors: when the logs show where the errors began, such a change point does not count.
  if (best && logRise && logRise.heldBetween(logRise.time, to + 1) >= 0.5 && tinyErrorVolume(bundle, best.series, best.time, to)) best = null;
  if (best && bundle.errorRates) {
    ctx.rate = best.series;
    ctx.onset = best.time;
    ctx.affectedService = normalizeService(best.series.service);
    const pt =
      best.series.points.find(([t, v]) => v === best!.series.peak && ms(t) >= best!.time) ?? best.series.points.find(([t]) => ms(t) === best!.time);
    ctx.onsetBasis.push({
      source: 'metrics',
      call_id: bundle.errorRates.call_id,
      time: best.time,
      what: `error rate of ${best.series.service} rose from ${pct(best.series.baseline)} to ${pct(best.series.peak)}`,
      quote: pt ? pointQuote(bundle.outputs[bundle.errorRates.call_id]?.text ?? '', pt[0]) : best.series.service,
    });
  }
  // Otherwise the earlier of the two change points, when the log errors kept up from there on.
  if (logRise && (ctx.onset === null || (logRise.time < ctx.onset && logRise.heldBetween(logRise.time, ctx.onset) >= 0.6))) ctx.onset = logRise.time;
  // 2b. Sparse failures (a crash every few minutes) never make a rate rise: the first new severe
  // signature that keeps recurring, else the first of several container deaths.
  if (ctx.onset === null) {
    const firsts = (bundle.signatures?.data ?? [])
      .filter((s) => SEVERE.has(s.level) && s.new && s.baseline_count === 0 && s.count >= 3)
      .map((s) => ms(s.first_seen))
      .filter((t) => t > logsFrom + 5 * 60_000 && t <= to)
      .sort((a, b) => a - b);
    const deaths = (bundle.containerEvents?.data ?? [])
      .filter((e) => /^(die|oom|restart)/i.test(e.action))
      .map((e) => ms(e.time))
      .filter((t) => t >= from && t <= to)
      .sort((a, b) => a - b);
    ctx.onset = firsts[0] ?? (deaths.length >= 2 ? deaths[0]! : null);
  }
  // 2c. Only metrics moved (slow, not failing): the strongest rise the anomaly detector saw.
  if (ctx.onset === null) {
    const top = (bundle.anomalies?.data ?? []).filter((a) => a.direction === 'up' && a.relative_change >= 1).sort((a, b) => b.score - a.score)[0];
    const t = top ? ms(top.time) : NaN;
    if (!Number.isNaN(t) && t > from && t <= to) ctx.onset = t;
  }

  ctx.onset = withStatedStart(ctx.onset, statedStart(bundle.incident, to), from, to);
  // 3. Signatures that appeared or surged at the onset; then the onset is sharpened to the first entry
  // of the signatures that burst at the log change point (a trickle that began earlier does not count).
  if (ctx.onset !== null) {
    ctx.related = relatedSignatures(bundle, ctx.onset, from, to, 5);
    const sharp = sharpenOnset(ctx.related, ctx.onset, from, to);
    if (sharp && bundle.signatures) {
      if (sharp.time < ctx.onset) ctx.onset = sharp.time;
      ctx.onsetBasis.push({
        source: 'logs',
        call_id: bundle.signatures.call_id,
        time: sharp.time,
        what: `first entry of the new errors: ${exampleLine(sharp.r.sig)}${onsetWhere(sharp.r)}`,
        quote: sharp.r.sig.example.split('\n')[0] ?? sharp.r.sig.template,
      });
    }
    ctx.related = relatedSignatures(bundle, ctx.onset, from, to);
    if (!ctx.affectedService) ctx.affectedService = dominantService(ctx.related);
  }
  ctx.growth = resourceGrowth(bundle, ctx.onset);
  return ctx;
}

/** " in checkout (pod ...); root cause X" for the onset's line, when the logs say more than the first line does. */
function onsetWhere(r: RelatedSignature): string {
  const pods = podsOf(r.sig);
  const root = rootCause(r.sig);
  return (pods && r.service ? ` in ${r.service} (${pods})` : '') + (root ? `; root cause ${root}` : '');
}

const minuteOf = (t: number) => Math.floor(t / 60_000) * 60_000;

/**
 * A signature named by a real line of it, quoted and cut to `max` characters: a reader recognises
 * `"POST /api/v1/checkout 500 4067ms"` in their logs, not the template `"POST <*> <*> <*>"`.
 */
export function exampleLine(sig: ErrorSignature, max = 100): string {
  const line = (sig.example.split('\n')[0] ?? '').trim() || sig.template;
  return `"${line.length <= max ? line : `${line.slice(0, max - 1)}…`}"`;
}

/** The first entry of the signatures that burst where the related errors per minute rise near `onset`. */
function sharpenOnset(related: RelatedSignature[], onset: number, from: number, to: number): { r: RelatedSignature; time: number } | null {
  const agg = new Map<number, number>();
  for (const r of related) for (const [t, n] of r.sig.per_minute) agg.set(minuteOf(ms(t)), (agg.get(minuteOf(ms(t))) ?? 0) + n);
  if (agg.size === 0) return null;
  const pts: Point[] = [];
  for (let t = minuteOf(from); t <= to; t += 60_000) pts.push([t, agg.get(t) ?? 0]);
  const rise = firstRise(pts, 3);
  const T = rise && rise.time >= onset - 20 * 60_000 && rise.time <= onset + 10 * 60_000 ? rise.time : minuteOf(onset);
  let best: { r: RelatedSignature; time: number } | null = null;
  for (const r of related) {
    const count = (a: number, b: number) => r.sig.per_minute.filter(([t]) => ms(t) >= a && ms(t) < b).reduce((x, [, n]) => x + n, 0);
    const after = count(T, T + 10 * 60_000);
    const before = count(T - 20 * 60_000, T);
    if (after < 3 || after < 1.5 * before) continue;
    // Its first entry in the burst: a run of busy minutes may lead into it by a few minutes, a trickle may not.
    const minutes = new Set(r.sig.per_minute.filter(([, n]) => n > 0).map(([t]) => minuteOf(ms(t))));
    let firstMinute: number | undefined;
    if (minutes.has(T)) {
      firstMinute = T;
      while (minutes.has(firstMinute - 60_000) && firstMinute - 60_000 >= T - 3 * 60_000) firstMinute -= 60_000;
    } else {
      firstMinute = [...minutes].filter((t) => t > T && t <= T + 10 * 60_000).sort((a, b) => a - b)[0];
    }
    if (firstMinute === undefined) continue;
    const fs = ms(r.sig.first_seen);
    const time = minuteOf(fs) === firstMinute ? fs : firstMinute;
    if (!best || time < best.time) best = { r, time };
  }
  return best && best.time >= onset - 15 * 60_000 ? best : null;
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
function logErrorRise(bundle: EvidenceBundle, from: number, to: number): LogRise | null {
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
  if (!rise) return null;
  // Share of the minutes in [a, b) above the rise threshold: a burst that died away is not where the incident began.
  const heldBetween = (a: number, b: number) => {
    const inside = pts.filter(([t]) => t >= a && t < b);
    return inside.length === 0 ? 0 : inside.filter(([, v]) => v > rise.threshold).length / inside.length;
  };
  return { time: rise.time, heldBetween };
}

interface LogRise {
  time: number;
  heldBetween(a: number, b: number): number;
}

/** Signatures whose rate after the onset far exceeds their rate before it. */
export function relatedSignatures(bundle: EvidenceBundle, onsetAt: number, from: number, to: number, marginMin = 0): RelatedSignature[] {
  const out: RelatedSignature[] = [];
  // A provisional onset (from a metric) can lag the first log entries: minutes within the margin count as after it.
  const onset = onsetAt - marginMin * 60_000;
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
    // A baseline count of 0 from a sampled baseline proves nothing: the server's `new` then carries its test.
    const isNew = pre === 0 && (sig.new || (sig.baseline_count === 0 && !sig.baseline_sampled));
    // Against the overall rate before the onset and the rate just before it: a trickle already running is not the onset's.
    const recent = sig.per_minute.filter(([t]) => ms(t) + 60_000 <= onset && ms(t) >= onset - 16 * 60_000).reduce((a, [, n]) => a + n, 0);
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
  for (const s of bundle.signatures?.data ?? []) {
    s.services.forEach(addService);
    // Pods and namespaces are names errors elsewhere may mention ("connect to checkout-7d9f...: refused").
    for (const n of [...(s.pods ?? []), ...(s.namespaces ?? [])]) if (n.length >= 2) ctx.entities.add(n.toLowerCase());
  }
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
