// An HTTP cache whose hit ratio collapsed while its clients' requests stayed flat (hits down, passes or misses up):
// what it served now goes to the origin, and the break in its outcome counters says when that began.
import type { SeriesSamples } from '../core/evidence.js';
import { cacheOutcome, type CacheOutcome } from '../core/cache-outcome.js';
import type { EvidenceBundle } from './bundle.js';
import { counterRate } from './localize/series-shape.js';
import { quantile, seriesName, type Point } from './series.js';

const MIN = 60_000;
/**
 * How long before the onset the collapse may have begun. A cache that passes more of its traffic loads the origin at
 * once, but the origin's pool and queues fill over minutes, and a cookie or header that makes requests uncacheable
 * spreads as visitors come back: the origin fails within minutes to tens of minutes, not hours.
 */
export const REACH = 45 * MIN;
/** The level at the onset: the rates of the last minutes before it. */
const AT_ONSET = 10 * MIN;
/** At least this many baseline rates: the usual level and its noise. */
const BASELINE_MIN = 5;
/** A quarter of the clients' requests more than before now goes to the origin, and at least twice what went before. */
const SHARE_RISE = 0.25;
const BYPASS_FACTOR = 2;
/** Hits fell to three quarters of their usual rate or less: the cache serves less, not merely more. */
const HITS_FELL = 0.75;
/** Client requests within a quarter of their usual rate: the traffic did not change, what the cache did with it did. */
const FLAT = 0.25;

export interface HitRatioCollapse {
  /** The cache, by its exporter's prefix and instance (`varnish` at `varnish-0`). */
  cache: string;
  instance: string | null;
  /** The last sample at its usual level and the first above it, of the bypass counter that rose most (ms). */
  lastUsual: number;
  firstRisen: number;
  /** That counter, as PromQL prints it, its name, and the call that read it. */
  series: string;
  metric: string;
  /** Rates per second, usual and in the minutes before the onset. */
  hits: { from: number; to: number };
  bypass: { from: number; to: number };
  clients: { from: number; to: number };
  callId: string;
}

interface Outcomes {
  cache: string;
  instance: string | null;
  series: Map<CacheOutcome, Array<{ s: SeriesSamples; rates: Point[]; callId: string }>>;
}

/** The caches whose hit ratio collapsed in the REACH before `onset` with flat client traffic, the strongest first. */
export function hitRatioCollapses(bundle: EvidenceBundle, onset: number): HitRatioCollapse[] {
  const out: HitRatioCollapse[] = [];
  for (const g of byCache(bundle)) {
    const c = collapse(g, onset);
    if (c) out.push(c);
  }
  return out.sort((a, b) => b.bypass.to - b.bypass.from - (a.bypass.to - a.bypass.from));
}

/** The outcome counters grouped by cache: its exporter's prefix and the instance (or pod, host) that exported them. */
function byCache(bundle: EvidenceBundle): Outcomes[] {
  const groups = new Map<string, Outcomes>();
  for (const c of bundle.cacheCounters) {
    for (const s of c.data) {
      const outcome = cacheOutcome(s.metric, s.labels);
      if (!outcome) continue;
      const cache = s.metric.split('_')[0]!.toLowerCase().replace(/^nginx.*/, 'nginx');
      const instance = (s.labels.instance ?? s.labels.pod ?? s.labels.host ?? null)?.replace(/:\d+$/, '') ?? null;
      const key = `${cache} ${instance ?? ''}`;
      const g = groups.get(key) ?? { cache, instance, series: new Map() };
      g.series.set(outcome, [...(g.series.get(outcome) ?? []), { s, rates: counterRate(s.points), callId: c.call_id }]);
      groups.set(key, g);
    }
  }
  return [...groups.values()];
}

const inSpan = (rates: Point[], from: number, to: number) => rates.filter(([t]) => t > from && t <= to).map(([, v]) => v);
/** The summed median rate of an outcome's series between two times. */
const level = (xs: Array<{ rates: Point[] }>, from: number, to: number) => xs.reduce((a, x) => a + quantile(inSpan(x.rates, from, to), 0.5), 0);

function collapse(g: Outcomes, onset: number): HitRatioCollapse | null {
  const hits = g.series.get('hit') ?? [];
  const bypass = g.series.get('bypass') ?? [];
  if (hits.length === 0 || bypass.length === 0) return null;
  const usualUntil = onset - REACH;
  if (hits.some((x) => inSpan(x.rates, -Infinity, usualUntil).length < BASELINE_MIN)) return null;
  const before = (xs: Array<{ rates: Point[] }>) => level(xs, -Infinity, usualUntil);
  const now = (xs: Array<{ rates: Point[] }>) => level(xs, onset - AT_ONSET, onset);
  const h = { from: before(hits), to: now(hits) };
  const b = { from: before(bypass), to: now(bypass) };
  // Without a counter of client requests, what the cache answered is what it was asked.
  const clientSeries = g.series.get('client');
  const cl = clientSeries ? { from: before(clientSeries), to: now(clientSeries) } : { from: h.from + b.from, to: h.to + b.to };
  if (cl.from <= 0 || Math.abs(cl.to / cl.from - 1) > FLAT) return null;
  const share = (x: number, total: number) => (total > 0 ? x / total : 0);
  const rose = share(b.to, h.to + b.to) - share(b.from, h.from + b.from) >= SHARE_RISE && b.to >= BYPASS_FACTOR * b.from;
  if (!rose || h.to > HITS_FELL * h.from) return null;
  // The break is where the counter that rose most left its usual band for good.
  const risen = bypass
    .map((x) => ({ x, rise: quantile(inSpan(x.rates, onset - AT_ONSET, onset), 0.5) - quantile(inSpan(x.rates, -Infinity, usualUntil), 0.5) }))
    .sort((p, q) => q.rise - p.rise)[0]!;
  const brk = breakOf(risen.x.rates, usualUntil, onset);
  if (!brk) return null;
  return { cache: g.cache, instance: g.instance, ...brk, series: seriesName(risen.x.s), metric: risen.x.s.metric, hits: h, bypass: b, clients: cl, callId: risen.x.callId };
}

/**
 * The last rate no higher than the highest usual one before `usualUntil`, among those after it up to the onset, and
 * the rate after it: every rate from there to the onset is above anything the counter did before. Null when the
 * counter never came back to its usual band in that span (it rose before it, or is too noisy to tell).
 */
function breakOf(rates: Point[], usualUntil: number, onset: number): { lastUsual: number; firstRisen: number } | null {
  const ceiling = Math.max(...rates.filter(([t]) => t <= usualUntil).map(([, v]) => v));
  const span = rates.filter(([t]) => t > usualUntil && t <= onset);
  for (let i = span.length - 2; i >= 0; i--) {
    if (span[i]![1] <= ceiling) return { lastUsual: span[i]![0], firstRisen: span[i + 1]![0] };
  }
  return null;
}
