// A store blocked by a command that walks its whole keyspace: Redis KEYS added where SCAN was (and near misses: a dict's
// .keys(), a paged SCAN, an async FLUSHALL), the slow log that grew after, and the ranking over a client's own release.
import { describe, expect, it } from 'vitest';
import { addedKeyspaceWalk, keyspaceWalk } from '../../src/rca/keyspace-scans.js';
import { rank } from '../../src/rca/rank.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const REAPER_DIFF = `diff --git a/tools/cart-reaper/reaper.py b/tools/cart-reaper/reaper.py
--- a/tools/cart-reaper/reaper.py
+++ b/tools/cart-reaper/reaper.py
@@ -1,6 +1,5 @@
 import redis
 
 def stale_carts(r: redis.Redis):
-    # SCAN in pages of 1000 so Redis serves others between pages.
-    for key in r.scan_iter(match="cart:*", count=1000):
-        yield key
+    # One call: the set of carts is consistent, no cursor to resume.
+    return r.keys("cart:*")`;

describe('addedKeyspaceWalk', () => {
  it('reads KEYS through redis-py, go-redis, ioredis, a Lua script, and a synchronous FLUSHALL', () => {
    expect(addedKeyspaceWalk(REAPER_DIFF)).toEqual({ line: 'return r.keys("cart:*")', replacesScan: true });
    expect(addedKeyspaceWalk('+\tkeys, err := rdb.Keys(ctx, "session:*").Result()')?.replacesScan).toBe(false);
    expect(addedKeyspaceWalk("+  const ids = await redis.keys('job:*');")).not.toBeNull();
    expect(addedKeyspaceWalk("+local ks = redis.call('KEYS', ARGV[1])")).not.toBeNull();
    expect(addedKeyspaceWalk('+    r.flushall()')).not.toBeNull();
  });

  it("near miss: a dict's keys, a paged SCAN, FLUSHALL ASYNC, a removed or commented KEYS", () => {
    expect(addedKeyspaceWalk('+    for sku in prices.keys():')).toBeNull();
    expect(addedKeyspaceWalk('+    for key in r.scan_iter(match="cart:*", count=1000):')).toBeNull();
    expect(addedKeyspaceWalk('+    r.flushall(asynchronous=True)')).toBeNull();
    expect(addedKeyspaceWalk('+    await client.sendCommand(["FLUSHALL", "ASYNC"])')).toBeNull();
    expect(addedKeyspaceWalk('-    return r.keys("cart:*")\n+    return list(r.scan_iter(match="cart:*"))')).toBeNull();
    expect(addedKeyspaceWalk('+    # never r.keys("cart:*") here: it blocks Redis')).toBeNull();
  });
});

const LIVE = ONSET - 1 * MIN;
const slowlog = (stepAt: number) => minuteSeries('redis_slowlog_length', { instance: 'redis-sessions:6379' }, ONSET - 60 * MIN, 90, (m) => (m < stepAt ? 4 : 4 + Math.floor((m - stepAt) / 2) + 1));

describe('keyspaceWalk', () => {
  const window = { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN };
  it("confirms the walk by the store's slow log growing after the change went live", () => {
    const w = keyspaceWalk(handBundle('redis timeouts', window, { series: [slowlog(60)] }), REAPER_DIFF, LIVE);
    expect(w?.slowlog).toMatchObject({ series: 'redis_slowlog_length{instance="redis-sessions:6379"}', from: 4, store: ['redis', 'redis-sessions'] });
  });
  it('near miss: a slow log that stays flat confirms nothing', () => {
    const flat = minuteSeries('redis_slowlog_length', { instance: 'redis-sessions:6379' }, ONSET - 60 * MIN, 90, () => 4);
    expect(keyspaceWalk(handBundle('redis timeouts', window, { series: [flat] }), REAPER_DIFF, LIVE)?.slowlog).toBeNull();
  });
});

describe('keyspace-walk rule', () => {
  const ctx = ctxFor('session-svc', ['session-svc', 'redis']);
  const dependency = condition({ condition: 'dependency', category: 'dependency_failure', service: 'redis', confidence: 0.75, names: ['redis'] });
  const walk = { line: 'return r.keys("cart:*")', replacesScan: true, slowlog: { call: 'series', series: 'redis_slowlog_length{instance="redis-sessions:6379"}', from: 4, to: 14, store: ['redis', 'redis-sessions'] } };
  const reaper = change('7d28e803f40f', 'cart-reaper: list stale carts in one call', 1, { relevance: 0.05, matched: [], paths: ['tools/cart-reaper/reaper.py'], walksKeyspace: walk, change: { sha: '7d28e803f40f', ref: 'cart-reaper/v1.4.0', message: 'cart-reaper: list stale carts in one call', author: 'Dev', time: new Date(LIVE).toISOString() } });
  // The client's own release, 15 minutes before, whose words are the timeouts'.
  const client = change('e226cca37cb8', 'session-svc: go-redis v9, pool size 50, 500ms read timeout', 15, { relevance: 0.9, paths: ['session-svc/internal/store/redis.go'], matched: ['read', 'timeout', 'lookup'], mentions: ['redis'], change: { sha: 'e226cca37cb8', ref: 'session-svc/v2.14.0', message: 'session-svc: go-redis v9, pool size 50, 500ms read timeout', author: 'Dev', time: new Date(ONSET - 15 * MIN).toISOString() } });

  it("names the change that walks the store's keyspace, in its own component, and rules the client's release out", () => {
    const v = rank([client, reaper, dependency], ctx);
    expect(v.best.suspect?.sha).toBe(reaper.change.sha);
    expect(v.best).toMatchObject({ service: 'cart-reaper', category: 'code_regression' });
    expect(v.best.summary).toContain('r.keys("cart:*")');
    expect(v.ruledOut.find((r) => r.what.includes('session-svc/v2.14.0'))?.reason).toContain('whole keyspace');
  });

  it("near miss: the same change with the store's slow log flat leaves the ranking alone", () => {
    const v = rank([client, { ...reaper, walksKeyspace: { ...walk, slowlog: null } }, dependency], ctx);
    expect(v.best.suspect?.sha).toBe(client.change.sha);
  });

  it('near miss: a walk of another store than the one the clients fail on leaves the ranking alone', () => {
    const other = { ...walk, slowlog: { ...walk.slowlog, series: 'valkey_slowlog_length{instance="cache-2:6379"}', store: ['valkey', 'cache-2'] } };
    const v = rank([client, { ...reaper, walksKeyspace: other }, dependency], ctx);
    expect(v.best.suspect?.sha).toBe(client.change.sha);
  });
});
