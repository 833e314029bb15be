// A Varnish whose passes rose from none as a frontend release set a cookie, hits falling alike and client requests
// flat: the release live at the break is named over the origin failing under the load (holdout 411's shape).
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { cacheOutcome } from '../../src/core/cache-outcome.js';
import { hitRatioCollapses } from '../../src/rca/cache-hit-ratio.js';
import { cacheBypass } from '../../src/rca/analyzers/cache-bypass.js';
import { rank } from '../../src/rca/rank.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

// Two hours before the onset to ten minutes after, a sample a minute; minute 120 is the onset, the release minute 105.
const FROM = ONSET - 120 * MIN;
const RELEASE = 105;
const instance = { instance: 'varnish-0:9131' };
/** A cumulative counter (as the metrics source reads it raw) whose per-minute increase is `perMin(m)`. */
const counted = (metric: string, labels: Record<string, string>, perMin: (m: number) => number): SeriesSamples => {
  let total = 0;
  return minuteSeries(metric, labels, FROM, 130, (m) => (total += m === 0 ? 0 : Math.round(perMin(m))));
};
/** Varnish's counters for clients per minute, misses per minute and passes per minute; the rest are hits. */
const varnish = (clients: (m: number) => number, misses: (m: number) => number, passes: (m: number) => number) => [
  counted('varnish_main_client_req_total', instance, clients),
  counted('varnish_main_cache_hit_total', instance, (m) => clients(m) - misses(m) - passes(m)),
  counted('varnish_main_cache_miss_total', instance, misses),
  counted('varnish_main_s_pass_total', instance, passes),
];
// About 12 requests a second, 0.6 a second missing, with a little noise of their own.
const flat = (m: number) => 720 + ((m * 7) % 11) - 5;
const misses = (m: number) => 36 + ((m * 5) % 7) - 3;
// Visitors accept the banner one by one: passes climb from the release to 8 a second.
const consent = (m: number) => (m <= RELEASE ? 0 : Math.min(480, (m - RELEASE) * 40));
const bundleOf = (cacheCounters: SeriesSamples[]) => handBundle('catalog-api: product listings failing', { from: FROM, to: ONSET + 10 * MIN }, { cacheCounters });

describe('what an HTTP cache counter counts', () => {
  it('reads Varnish, NGINX Plus, Fastly and nginx-vts outcomes', () => {
    expect(cacheOutcome('varnish_main_cache_hit_total', instance)).toBe('hit');
    expect(cacheOutcome('varnish_main_s_pass_total', instance)).toBe('bypass');
    expect(cacheOutcome('varnish_main_cache_miss_total', instance)).toBe('bypass');
    expect(cacheOutcome('varnish_main_client_req_total', instance)).toBe('client');
    expect(cacheOutcome('nginxplus_cache_bypass_responses', { cache: 'static' })).toBe('bypass');
    expect(cacheOutcome('fastly_rt_hits_total', { service_name: 'www' })).toBe('hit');
    expect(cacheOutcome('nginx_vts_server_cache_total', { host: 'shop', status: 'bypass' })).toBe('bypass');
    expect(cacheOutcome('nginx_vts_server_cache_total', { host: 'shop', status: 'hit' })).toBe('hit');
  });

  it('reads no backend request, subset, byte or key-value cache counter as one', () => {
    expect(cacheOutcome('varnish_backend_req_total', { backend: 'catalog_api' })).toBeNull();
    expect(cacheOutcome('varnish_main_cache_hitpass_total', instance)).toBeNull();
    expect(cacheOutcome('nginxplus_cache_hit_bytes', { cache: 'static' })).toBeNull();
    expect(cacheOutcome('redis_keyspace_hits_total', instance)).toBeNull();
    expect(cacheOutcome('http_requests_total', { service: 'catalog-api' })).toBeNull();
  });
});

describe("a cache's hit ratio collapse", () => {
  it('is found with its break where the passes left zero, client requests flat', () => {
    const [c] = hitRatioCollapses(bundleOf(varnish(flat, misses, consent)), ONSET);
    expect(c?.cache).toBe('varnish');
    expect(c?.instance).toBe('varnish-0');
    expect(c?.series).toBe('varnish_main_s_pass_total{instance="varnish-0:9131"}');
    expect(c!.lastUsual).toBeLessThanOrEqual(FROM + RELEASE * MIN);
    expect(c!.firstRisen).toBeGreaterThanOrEqual(FROM + RELEASE * MIN);
    expect(c!.firstRisen - c!.lastUsual).toBeLessThanOrEqual(3 * MIN);
    expect(c!.hits.to).toBeLessThan(0.75 * c!.hits.from);
  });

  it('is none when the clients doubled (a surge whose new pages miss and push the hot ones out)', () => {
    // Twice the visitors; what they ask for is not cached and evicts what was: hits down a third, misses up twentyfold.
    const surge = (m: number) => (m <= RELEASE ? flat(m) : 2 * flat(m));
    const surgeMisses = (m: number) => (m <= RELEASE ? misses(m) : 2 * flat(m) - 450);
    expect(hitRatioCollapses(bundleOf(varnish(surge, surgeMisses, () => 0)), ONSET)).toEqual([]);
  });

  it('is none when hits fell because the clients did, or passes rose by a few percent', () => {
    const drop = (m: number) => (m <= RELEASE ? flat(m) : flat(m) / 2);
    expect(hitRatioCollapses(bundleOf(varnish(drop, misses, () => 0)), ONSET)).toEqual([]);
    const few = (m: number) => (m <= RELEASE ? 0 : 20);
    expect(hitRatioCollapses(bundleOf(varnish(flat, misses, few)), ONSET)).toEqual([]);
  });

  it('is a condition at the cache that cites the counter that rose', () => {
    const b = bundleOf(varnish(flat, misses, consent));
    const [f] = cacheBypass.analyze(b, ctxFor('catalog-api', ['catalog-api', 'storefront-web']));
    expect(f?.kind === 'condition' && f.condition).toBe('cache_bypassed');
    expect(f?.kind === 'condition' && f.service).toBe('varnish');
    expect(f?.evidence[0]?.call_id).toBe('cache');
  });
});

describe('the change live where the hit ratio broke', () => {
  const breakAt = { lastUsual: ONSET - 16 * MIN, firstRisen: ONSET - 14 * MIN };
  const bypass = condition({ condition: 'cache_bypassed', category: 'config_error', service: 'varnish', confidence: 0.7, bypassed: breakAt });
  // The origin fails as a dependency of its own listings (Varnish's backend label names it).
  const origin = condition({ condition: 'dependency', category: 'dependency_failure', service: 'catalog_api', confidence: 0.9 });
  // The origin's own release 23 minutes before shares the errors' words (listings, stock); the cookie banner none.
  const originRelease = change('1111aaaa2222bbbb3333cccc4444dddd5555eeee', 'catalog-api: stock availability in product listings', 23, { relevance: 0.5, matched: ['listings', 'stock'], paths: ['catalog-api/src/StockClient.kt'], change: { sha: '1111aaaa2222bbbb3333cccc4444dddd5555eeee', ref: 'catalog-api/v4.9.0', message: 'catalog-api: stock availability in product listings', author: 'Sam <sam@example.com>', time: new Date(ONSET - 23 * MIN).toISOString() } });
  const banner = (gap: number) =>
    change('6666ffff7777aaaa8888bbbb9999cccc0000dddd', 'storefront: cookie consent banner', gap, {
      relevance: 0,
      matched: [],
      paths: ['web/storefront/src/consent/banner.ts'],
      change: { sha: '6666ffff7777aaaa8888bbbb9999cccc0000dddd', ref: 'storefront-web/v8.14.0', message: 'storefront: cookie consent banner', author: 'Olu <olu@example.com>', time: new Date(ONSET - gap * MIN).toISOString() },
    });
  const ctx = ctxFor('catalog-api', ['catalog-api', 'storefront-web', 'varnish']);

  it('names the frontend release at the break, over the origin and its own release sharing the words', () => {
    const v = rank([origin, bypass, originRelease, banner(15)], ctx);
    expect(v.best.suspect?.sha).toBe('6666ffff7777aaaa8888bbbb9999cccc0000dddd');
    expect(v.best.service).toBe('storefront-web');
    expect(v.best.summary).toContain('timing, not words');
  });

  it('names no release live half an hour before the break; the cache leads over the origin it shields', () => {
    const v = rank([origin, bypass, banner(45)], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.service).toBe('varnish');
  });
});
