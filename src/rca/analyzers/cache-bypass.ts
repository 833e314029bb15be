// An HTTP cache (Varnish, nginx proxy_cache, a CDN) whose hit ratio collapsed before the onset while its clients' traffic
// stayed flat: the origin behind it now takes what the cache used to answer, and fails under it as a victim.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { hitRatioCollapses } from '../cache-hit-ratio.js';

/**
 * A collapse with flat client traffic is the cache's doing (or what its requests now carry), not the origin's: strong,
 * but below a change named at its break (cache-bypass-rank.ts), which says why it happened.
 */
const CONFIDENCE = 0.7;

const rate = (x: number) => `${x >= 10 ? Math.round(x) : x.toFixed(1)}/s`;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

export const cacheBypass: Analyzer = {
  name: 'cache-bypass',
  description: "An HTTP cache's hit ratio collapsed before the onset (hits down, passes or misses up) while client requests stayed flat: its origin takes the load",
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const c = hitRatioCollapses(bundle, ctx.onset)[0];
    if (!c) return [];
    const who = c.instance ?? c.cache;
    const what =
      `hits ${rate(c.hits.from)} → ${rate(c.hits.to)}, sent to the origin ${rate(c.bypass.from)} → ${rate(c.bypass.to)}, ` +
      `client requests ${rate(c.clients.from)} → ${rate(c.clients.to)}`;
    return [
      {
        kind: 'condition',
        condition: 'cache_bypassed',
        category: 'config_error',
        service: c.cache,
        names: [...new Set([c.cache, ...(c.instance ? [c.instance] : [])])],
        bypassed: { lastUsual: c.lastUsual, firstRisen: c.firstRisen },
        analyzer: this.name,
        summary: `${who}'s hit ratio collapsed from about ${hhmm(c.lastUsual)} on with client traffic flat (${what}): the origin behind it now takes what the cache answered, and its failure is that load`,
        confidence: CONFIDENCE,
        evidence: refs(cite(bundle, c.callId, `${c.series} left its usual level between ${hhmm(c.lastUsual)} and ${hhmm(c.firstRisen)}`, [c.metric])),
        timeline: [{ time: new Date(c.lastUsual).toISOString(), source: 'metrics', event: `${who}'s ${c.metric} began to rise (${what})` }],
        recommendation: `Find what made ${c.cache}'s requests uncacheable from ${hhmm(c.lastUsual)} on (a cookie or header its rules pass on, a change to its cache rules or to the origin's Cache-Control) and restore it; shield the origin meanwhile (strip the cookie at the cache, serve stale)`,
      },
    ];
  },
};
