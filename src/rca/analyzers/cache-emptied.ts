// A cache node that restarted empty just before the onset (its uptime reset, its items fell to almost none): every key
// it held now misses, and the reads fall through to the store behind it at once, a stampede no release's words explain.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { quantile } from '../series.js';
import { failedOverSystem } from './failover.js';
import type { AnalysisContext } from '../context.js';
import { matching, SATURATION } from '../signals.js';
import { namesStore } from './store-operation.js';

const MIN = 60_000;
/** A cache emptied this long before the onset or less: a cold cache refills in minutes, its stampede is at the start. */
const BEFORE_MS = 10 * MIN;
/** And this long after it: scrapes, and a maximum over a minute or two that hides the reset for a sample. */
const AFTER_MS = 2 * MIN;
/** How late a scrape may show it: a step or two of a range query over a maximum. */
const LATE_MS = 5 * MIN;
/** An in-memory cache's exporters (memcached_exporter, redis_exporter, Varnish's): a restart loses what they held. */
const CACHE = /^(?:memcached|redis|valkey|keydb|dragonfly|varnish)_/;
const UPTIME = /_uptime(?:_in)?_seconds$/;
/** What it holds: memcached's current items, Redis' keys per database, Varnish's objects. */
const ITEMS = /_(?:current_items|db_keys|n_object)$/;
/** At a tenth of its usual count or below: emptied, not evicting under a slightly larger working set. */
const EMPTIED = 0.1;
/** Strong enough to stand over a release that shares its clients' words; a reset alone (no items read) less so. */
const CONFIDENCE = 0.86;
const RESET_ONLY = 0.7;
/** Errors of another kind (a release's calls timing out on a third service): a cache member rescheduled nearby is a lead. */
const UNTIED = 0.45;
/** The share of the onset's errors that must be of the stampede's kind. */
const KIND_MIN = 0.1;

interface Emptied {
  system: string;
  instance: string;
  at: number;
  how: string;
  metric: string;
  callId: string;
}

export const cacheEmptied: Analyzer = {
  name: 'cache-emptied',
  description: 'A cache node restarted empty (uptime reset, items to almost none) just before the onset: its keys miss and the reads fall to the store behind it',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null) return [];
    const found = emptiedCaches(bundle, onset - BEFORE_MS, onset + AFTER_MS);
    const bySystem = new Map<string, Emptied[]>();
    for (const e of found) bySystem.set(e.system, [...(bySystem.get(e.system) ?? []), e]);
    const out: Finding[] = [];
    for (const [system, es] of bySystem) {
      const reset = es.find((e) => UPTIME.test(e.metric));
      const items = es.find((e) => ITEMS.test(e.metric));
      const first = es.reduce((a, b) => (b.at < a.at ? b : a));
      const what = [reset?.how, items?.how].filter(Boolean).join('; ');
      out.push({
        kind: 'condition',
        condition: 'cache_emptied',
        category: 'infrastructure',
        service: system,
        names: [...new Set(es.map((e) => e.instance))],
        analyzer: this.name,
        summary: `${first.instance} restarted empty ${onset >= first.at ? `${Math.round((onset - first.at) / 1000)} s before` : 'at'} the onset (${what}): the keys it held miss and their reads fall through to the store behind it at once`,
        confidence: fallsThrough(ctx, system) ? (items ? CONFIDENCE : RESET_ONLY) : UNTIED,
        evidence: refs(...es.map((e) => cite(bundle, e.callId, `${e.instance}: ${e.how}`, [e.metric]))),
        timeline: [{ time: new Date(first.at).toISOString(), source: 'metrics', event: `${first.instance} restarted empty (${what})` }],
        recommendation: `Find why ${system} restarted (its pod's events, the node it ran on, a scale-down or eviction); keep cache pods off nodes the autoscaler removes (a PodDisruptionBudget, safe-to-evict: false) and shield the store behind it from a cold cache (request coalescing, a warm-up)`,
      });
    }
    return out;
  },
};

/** The cache instances whose uptime reset or whose items fell to EMPTIED of their usual count between `from` and `to`. */
export function emptiedCaches(bundle: EvidenceBundle, from: number, to: number): Emptied[] {
  const out: Emptied[] = [];
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!CACHE.test(s.metric) || !(UPTIME.test(s.metric) || ITEMS.test(s.metric))) continue;
      const instance = s.labels.pod ?? s.labels.instance ?? null;
      if (!instance || instance.length > 253) continue;
      const before = s.points.filter(([t]) => t < from);
      // Samples a little past `to` too: a series scraped as a maximum over a minute or two shows the reset a step late.
      const near = s.points.filter(([t]) => t >= from && t <= to + LATE_MS);
      if (before.length < 3 || near.length === 0) continue;
      const all = [before[before.length - 1]!, ...near];
      let hit: { at: number; how: string } | null = null;
      if (UPTIME.test(s.metric)) {
        // Uptime only grows while the process lives: a sample below the one before it is a restart, and the sample
        // itself says when (its time less its uptime), however late or smoothed the scrape.
        for (let i = 1; i < all.length && !hit; i++) {
          const [t, v] = all[i]!;
          if (v < all[i - 1]![1] && v >= 0) hit = { at: t - v * 1000, how: `uptime reset from ${Math.round(all[i - 1]![1])} s to ${Math.round(v)} s` };
        }
      } else {
        const usual = quantile(before.map(([, v]) => v), 0.5);
        const i = all.findIndex(([, v]) => v <= usual * EMPTIED);
        // Emptied after the last sample still near its usual count.
        if (usual >= 100 && i > 0) hit = { at: all[i - 1]![0], how: `items fell from ${Math.round(usual)} to ${Math.round(all[i]![1])}` };
      }
      if (hit && (hit.at < from || hit.at > to)) hit = null;
      const host = instance.replace(/:\d+$/, '');
      if (hit) out.push({ system: cacheSystem(host), instance: host, at: hit.at, how: hit.how, metric: s.metric, callId: c.call_id });
    }
  }
  return out;
}

/** The cache a member is part of: a Kubernetes DNS name's service (`memcached-2.memcached.ns.svc` → memcached), else the
 * member's name without its StatefulSet ordinal (`redis-0` → redis), as failover.ts names a store's members. */
function cacheSystem(host: string): string {
  const k8s = /^[a-z0-9-]+\.([a-z0-9-]+)\.[a-z0-9-]+\.svc(?:\.cluster\.local)?$/i.exec(host);
  return k8s ? k8s[1]!.toLowerCase() : failedOverSystem(host);
}

/**
 * The onset's errors are what a cold cache's reads falling through do: the store's pool exhausted or waited on (HikariCP
 * "Connection is not available", "too many connections"), or the clients naming the cache itself. With no error logs,
 * nothing speaks against it.
 */
function fallsThrough(ctx: AnalysisContext, system: string): boolean {
  if (ctx.related.length === 0) return true;
  return matching(ctx, (t) => SATURATION.test(t) || namesStore(t, system.toLowerCase())).weight >= KIND_MIN;
}
