// A cache that evicted nothing and began evicting without pause churns: the release that went live where the evictions
// began (and changed what is cached) is named over a later one that merely shares the slow queries' words (holdout 359).
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { deriveContext } from '../../src/rca/context.js';
import { rank } from '../../src/rca/rank.js';
import { resourceGrowth } from '../../src/rca/resource-growth.js';
import { errorRate, handBundle, minuteSeries, signature, span } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

// Two hours before the onset to half an hour after, sampled every minute; minute 120 is the onset.
const FROM = ONSET - 120 * MIN;
const bundleWith = (usageCounters: SeriesSamples[], series: SeriesSamples[] = []) =>
  handBundle('product pages slow', { from: FROM, to: ONSET + 30 * MIN }, { usageCounters, series });
/** A cumulative counter (as the metrics source reads it raw) whose per-minute increase is `perMin(m)`. */
const counted = (metric: string, labels: Record<string, string>, perMin: (m: number) => number): SeriesSamples => {
  let total = 0;
  return minuteSeries(metric, labels, FROM, 150, (m) => (total += m === 0 ? 0 : perMin(m)));
};
// The release went live at minute 104 (16 minutes before the onset): the cache fills with big items and evicts from then.
const evicting = (m: number) => (m < 107 ? 0 : 60 + (m - 107) * 20);
const evictions = counted('memcached_items_evicted_total', { instance: 'catalog-memcached:9150' }, evicting);

describe('a cache that began evicting', () => {
  it('is a cache climb that began where the evictions started', () => {
    const g = resourceGrowth(bundleWith([evictions]), ONSET);
    expect(g?.kind).toBe('cache');
    expect(g?.series).toBe('memcached_items_evicted_total{instance="catalog-memcached:9150"}');
    expect(Math.abs(g!.start - (ONSET - 13 * MIN))).toBeLessThanOrEqual(4 * MIN);
  });

  it('is none for a cache that always evicted, or evicts in rare bursts', () => {
    expect(resourceGrowth(bundleWith([counted('redis_evicted_keys_total', {}, (m) => 40 + (m % 5))]), ONSET)).toBeNull();
    expect(resourceGrowth(bundleWith([counted('redis_evicted_keys_total', {}, (m) => (m % 17 === 0 ? 30 : 0))]), ONSET)).toBeNull();
  });

  it('gives way to a held-resource climb', () => {
    const pool = minuteSeries('db_pool_connections_in_use', { service: 'catalog-svc' }, FROM, 150, (m) => (m < 20 ? 2 : Math.min(60, 2 + (m - 20) / 2)));
    expect(resourceGrowth(bundleWith([evictions], [pool]), ONSET)?.kind).toBe('usage');
  });
});

describe('the release a cache churn began with', () => {
  const slow = condition({ condition: 'dependency', category: 'dependency_failure', service: 'postgresql', confidence: 0.45, summary: 'postgresql answers its clients slowly' });
  // Cached whole pages instead of rows: no word of the slow statement, but it went live as the evictions began.
  const pages = change('1111aaaa2222bbbb', 'Cache the rendered product page instead of the product row', 16, { relevance: 0.1, growthTiming: 0.9, retention: ['cache', 'ttl'], paths: ['catalog-svc/src/cache.rs'] });
  const bump = change('3333cccc4444dddd', 'Release catalog-svc 4.3.0', 16, { relevance: 0.05, growthTiming: 0.9, paths: ['catalog-svc/Cargo.toml'] });
  // Another service's query change six minutes before the onset shares the slow statement's words (reviews, rating).
  const reviews = change('5555eeee6666ffff', 'Return review photos with product reviews', 6, { relevance: 0.8, matched: ['reviews', 'rating', 'body'], paths: ['reviews-api/src/queries.sql'] });
  const growth = { kind: 'cache' as const, series: 'memcached_items_evicted_total{instance="catalog-memcached:9150"}', start: ONSET - 13 * MIN };

  it('names the commit that changed what is cached, over the later one sharing the errors\' words', () => {
    const v = rank([slow, pages, bump, reviews], { ...ctxFor('catalog-svc', ['catalog-svc', 'reviews-api']), growth });
    expect(v.best.suspect?.sha).toBe(pages.change.sha);
    expect(v.best.summary).toContain('the evictions of memcached_items_evicted_total');
  });

  it('still names the word-matching release when the cache did not churn', () => {
    expect(rank([slow, pages, bump, reviews], ctxFor('catalog-svc', ['catalog-svc', 'reviews-api'])).best.suspect?.sha).toBe(reviews.change.sha);
  });
});

describe('labels that say what was done', () => {
  it('name no system: a cache\'s command="get" is not a dependency for an error logging "GET /v1/products"', () => {
    const base = FROM;
    const sig = signature({ template: '"GET /v1/products/<*> HTTP/1.1" 503 <*>', service: 'catalog-svc', base, minutes: span(120, 150, 5) });
    const gets = minuteSeries('memcached_commands_total', { command: 'get', status: 'miss', instance: 'catalog-memcached:9150' }, FROM, 150, (m) => m);
    const b = handBundle('product pages slow', { from: FROM, to: ONSET + 30 * MIN }, { signatures: [sig], errorRates: [errorRate('catalog-svc', base, 150, 120)], series: [gets] });
    const ctx = deriveContext(b);
    expect(ctx.entities.has('get')).toBe(false);
    expect(ctx.entities.has('catalog-memcached:9150')).toBe(false);
  });
});
