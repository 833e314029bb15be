// A count of held resources (pool connections, descriptors, busy threads) that grew fivefold is a climb, and with a
// saturation its start names the release that began it over a later one sharing the errors' words (holdout 331).
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import { resourceGrowth } from '../../src/rca/resource-growth.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

// Two hours before the onset to half an hour after, sampled every minute; minute 120 is the onset.
const FROM = ONSET - 120 * MIN;
const series = (metric: string, labels: Record<string, string>, f: (m: number) => number) => minuteSeries(metric, labels, FROM, 150, f);
const growthOf = (...s: SeriesSamples[]) => resourceGrowth(handBundle('orders-api times out', { from: FROM, to: ONSET + 30 * MIN }, { series: s }), ONSET);
// Two connections held until minute 20 (100 minutes before the onset), then one more leaked every two minutes.
const leaking = (m: number) => (m < 20 ? 2 + (m % 2) * 0.5 : Math.min(60, 2 + (m - 20) / 2));

describe('a held-resource count that climbed', () => {
  it('is a usage climb that began where the count started to grow', () => {
    const g = growthOf(series('knex_pool_used_connections', { service: 'orders-api' }, leaking));
    expect(g).toMatchObject({ kind: 'usage', series: 'knex_pool_used_connections{service="orders-api"}' });
    expect(Math.abs(g!.start - (ONSET - 100 * MIN))).toBeLessThanOrEqual(5 * MIN);
  });

  it('is read from a label when the metric name is generic, and from descriptors or busy threads', () => {
    expect(growthOf(series('process_resource_count', { resource: 'connections' }, leaking))?.kind).toBe('usage');
    expect(growthOf(series('process_open_fds', { job: 'ingest-worker' }, (m) => 30 * leaking(m)))?.kind).toBe('usage');
    expect(growthOf(series('tomcat_threads_busy_threads', { name: 'http-nio-8080' }, leaking))?.kind).toBe('usage');
  });

  it('gives way to memory or disk when either climbed too', () => {
    const pool = series('knex_pool_used_connections', { service: 'orders-api' }, leaking);
    const heap = series('nodejs_heap_size_used_bytes', { service: 'orders-api' }, (m) => (m < 30 ? 1e8 : 1e8 + (m - 30) * 4e6));
    const disk = series('node_filesystem_avail_bytes', { mountpoint: '/var/spool' }, (m) => (m < 30 ? 5e10 : Math.max(1e8, 5e10 - (m - 30) * 6e8)));
    expect(growthOf(pool, heap)?.kind).toBe('memory');
    expect(growthOf(pool, disk)?.kind).toBe('disk');
  });

  it('is none for a flat pool, a pool that grew less than fivefold, or a count that is not of held things', () => {
    expect(growthOf(series('knex_pool_used_connections', { service: 'orders-api' }, (m) => 8 + (m % 3)))).toBeNull();
    expect(growthOf(series('knex_pool_used_connections', { service: 'orders-api' }, (m) => (m < 20 ? 10 : Math.min(40, 10 + (m - 20) / 2))))).toBeNull();
    expect(growthOf(series('http_requests_received', { service: 'orders-api' }, leaking))).toBeNull();
  });
});

describe('a pool drained by a release long before the errors', () => {
  const full = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'orders-api', confidence: 0.7, leads: true, summary: 'a resource limit was hit in orders-api: "Knex: Timeout acquiring a connection. The pool is probably full." (840×)' });
  // The release the climb began with shares no words with the errors; a later upgrade of knex shares them.
  const started = change('7777aaaa8888bbbb', 'Refunds: write the ledger entry and the refund in one transaction', 100, { relevance: 0.1, growthTiming: 0.95, retention: ['transaction'], paths: ['orders-api/src/refunds.js'] });
  const later = change('9999cccc0000dddd', 'Upgrade knex to 3.1.0', 11, { relevance: 0.8, matched: ['knex', 'pool', 'connection'], paths: ['orders-api/package.json'] });
  const growth = { kind: 'usage' as const, series: 'knex_pool_used_connections{service="orders-api"}', start: ONSET - 100 * MIN };

  it('names the release that went live where the climb began, on the growth basis', () => {
    const v = rank([full, started, later], { ...ctxFor('orders-api', ['orders-api']), growth });
    expect(v.best.suspect?.sha).toBe(started.change.sha);
    expect(v.best.category).toBe('resource_exhaustion');
    expect(v.best.summary).toContain('the climb of knex_pool_used_connections{service="orders-api"} began when it went live');
  });

  it('still names the word-matching release when no count climbed', () => {
    expect(rank([full, started, later], ctxFor('orders-api', ['orders-api'])).best.suspect?.sha).toBe(later.change.sha);
  });
});
