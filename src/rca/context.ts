// What every analyzer needs first, derived once from the bundle: when it started, which service shows
// it, which error signatures are new or surged at that moment, and which names (services, hosts) exist.
import type { ErrorRateSeries } from '../core/evidence.js';
import type { EvidenceBundle } from './bundle.js';
import { STATED_SLACK, statedStart, withStatedStart } from './localize/incident-text.js';
import { logSpan } from './log-span.js';
import { logErrorRise, sharpenOnset } from './onset-logs.js';
import { dominantService, exampleLine, relatedSignatures, type RelatedSignature } from './related-signatures.js';
import { podsOf, rootCause } from './signature-words.js';
import { resourceGrowth, type ResourceGrowth } from './resource-growth.js';
import { precursor, type Precursor } from './precursor.js';
import { rateStep } from './rate-step.js';
import { msOf, riseByStatedStart, type Point } from './series.js';
import { SEVERE } from './severity.js';
import { normalizeService } from './service-names.js';
import { tinyErrorVolume } from './traffic.js';

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
  /** A gauge that jumped at the onset after rare spikes to that level began well before it, and where they began. */
  precursor?: Precursor | null;
}

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

  // The start the engineer states, when it lies inside the window: a burst that ended before it is another event.
  const statedAt = statedStart(bundle.incident, to);
  const stated = statedAt !== null && statedAt > from ? statedAt : null;
  // 1. The error-rate series with the largest sustained rise.
  let best: { series: ErrorRateSeries; time: number; gain: number } | null = null;
  for (const s of bundle.errorRates?.data ?? []) {
    const pts: Point[] = s.points.map(([t, v]) => [msOf(t), v] as Point).filter(([t]) => !Number.isNaN(t));
    const rise = riseByStatedStart(pts, 0.02, stated, STATED_SLACK);
    if (!rise || (best && rise.peak - rise.baseline <= best.gain)) continue;
    // A rise looked for from the stated start peaks there, below the earlier burst's peak the server reported.
    const series = rise.peak < s.peak ? { ...s, peak: rise.peak, peak_time: new Date(rise.peakTime).toISOString() } : s;
    best = { series, time: rise.time, gain: rise.peak - rise.baseline };
  }
  // 2. The error-log change point: severe entries per minute across signatures (or log_stats), from the first
  // log line on (minutes before the logs begin are no quiet baseline, just no data).
  const logsFrom = Math.max(from, Math.floor((logSpan(bundle)?.first ?? from) / 60_000) * 60_000);
  const logRise = logErrorRise(bundle, logsFrom, to, stated, STATED_SLACK);
  // An error share over a trickle of requests (a consumer with almost no HTTP traffic) jumps on a handful of
  // errors: when the logs show where the errors began, such a change point does not count.
  if (best && logRise && logRise.heldBetween(logRise.time, to + 1) >= 0.5 && tinyErrorVolume(bundle, best.series, best.time, to)) best = null;
  if (best && bundle.errorRates) {
    ctx.rate = best.series;
    ctx.onset = best.time;
    ctx.affectedService = normalizeService(best.series.service);
    const pt =
      best.series.points.find(([t, v]) => v === best!.series.peak && msOf(t) >= best!.time) ?? best.series.points.find(([t]) => msOf(t) === best!.time);
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
  // signature that keeps recurring, else the first of several container deaths. It starts where its rate steps
  // up: a trickle at one rate all along (a client sending bad bodies) has no start, and an isolated early entry
  // before the run is a precursor, not the onset (rate-step.ts).
  if (ctx.onset === null) {
    const firsts = (bundle.signatures?.data ?? [])
      .filter((s) => SEVERE.has(s.level) && s.new && s.baseline_count === 0 && s.count >= 3)
      .map((s) => {
        const step = rateStep(s.per_minute, logsFrom, to + 1);
        const first = msOf(s.first_seen);
        return step === null ? NaN : step.time === Math.floor(first / 60_000) * 60_000 ? first : step.time;
      })
      .filter((t) => t > logsFrom + 5 * 60_000 && t <= to)
      .sort((a, b) => a - b);
    const deaths = (bundle.containerEvents?.data ?? [])
      .filter((e) => /^(die|oom|restart)/i.test(e.action))
      .map((e) => msOf(e.time))
      .filter((t) => t >= from && t <= to)
      .sort((a, b) => a - b);
    ctx.onset = firsts[0] ?? (deaths.length >= 2 ? deaths[0]! : null);
  }
  // 2c. Only metrics moved (slow, not failing): the strongest rise the anomaly detector saw.
  const onlyMetricsMoved = ctx.onset === null;
  if (onlyMetricsMoved) {
    const top = (bundle.anomalies?.data ?? []).filter((a) => a.direction === 'up' && a.relative_change >= 1).sort((a, b) => b.score - a.score)[0];
    const t = top ? msOf(top.time) : NaN;
    if (!Number.isNaN(t) && t > from && t <= to) ctx.onset = t;
  }

  // An earlier start is kept when errors show it; the strongest metric rise alone, long before the stated start, is one
  // anomaly among many in a noisy window (the localizer reads the window from the stated start in that case too).
  ctx.onset = withStatedStart(ctx.onset, stated, from, to, onlyMetricsMoved ? STATED_SLACK : Infinity);
  // 3. Signatures that appeared or surged at the onset; then the onset is sharpened to the first entry
  // of the signatures that burst at the log change point (a trickle that began earlier does not count).
  if (ctx.onset !== null) {
    ctx.related = relatedSignatures(bundle, ctx.onset, logsFrom, to, 5);
    const sharp = sharpenOnset(ctx.related, ctx.onset, logsFrom, to);
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
    ctx.related = relatedSignatures(bundle, ctx.onset, logsFrom, to);
    if (!ctx.affectedService) ctx.affectedService = dominantService(ctx.related);
  }
  ctx.growth = resourceGrowth(bundle, ctx.onset);
  ctx.precursor = precursor(bundle, ctx.onset);
  return ctx;
}

/** " in checkout (pod ...); root cause X" for the onset's line, when the logs say more than the first line does. */
function onsetWhere(r: RelatedSignature): string {
  const pods = podsOf(r.sig);
  const root = rootCause(r.sig);
  return (pods && r.service ? ` in ${r.service} (${pods})` : '') + (root ? `; root cause ${root}` : '');
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

/** Labels that say whose series it is, and name its service. */
const OWNER_LABEL = /^(service|app|application|container|pod|deployment|component)$/;
/** Labels that name the other end of a call or a system outside the service (mesh, client and span metrics). */
const PEER_LABEL = /^(upstream|downstream|dependency|target|backend|remote|peer|dest|dst|callee|server|client_?name|host|broker|topic|queue|database|db|datname|cluster|endpoint|address|url|net_peer|grpc_service|rpc_service)/i;

/** Label keys whose values are a call's outcome, protocol or kind: `grpc_code`, `http_status`, `proto`, `rpc_type`. */
const OUTCOME_LABEL = /(?:^|_)(?:r?code|status|proto|protocol|family|transport|type|method)$/i;

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
    // A scrape `job` says whose series it is too (its other labels are that job's parts), though it names no service.
    const owned = Object.keys(labels).some((k) => (OWNER_LABEL.test(k) || k === 'job') && labels[k]!.length >= 2);
    for (const [k, v] of Object.entries(labels)) {
      if (/^(quantile|le|code|status|status_code|method|mountpoint|device|path|handler|route|job|instance|__name__)$/.test(k)) continue;
      // What was done or how it ended (a cache's `command="get"`, a CPU's `mode`, a connection's `state`) names no system.
      if (/^(command|cmd|operation|op|verb|mode|state|result|outcome)$/.test(k)) continue;
      // An outcome or a kind of call (`grpc_code="Unavailable"`, `proto="udp"`, `type="AAAA"`) is no system's name.
      if (OUTCOME_LABEL.test(k)) continue;
      // Numbers, addresses, and URL paths or routes under any key (`http_route`, `uri`): none names a system.
      if (/^[\d.:]+$/.test(v) || v.length < 2 || v.startsWith('/') || /(?:^|_)(?:route|path|uri|handler|method)$|^http_target$/.test(k)) continue;
      if (OWNER_LABEL.test(k)) addService(v);
      // On a service's own series, a label other than a peer's names a part of that service (its JDBC pool, heap
      // area, executor, thrown exception): an error that names it is the service's own, not another system's.
      else if (!owned || PEER_LABEL.test(k)) ctx.entities.add(v.toLowerCase());
    }
  };
  for (const a of bundle.anomalies?.data ?? []) labelValues(a.labels);
  for (const c of bundle.series) for (const s of c.data) labelValues(s.labels);
}
