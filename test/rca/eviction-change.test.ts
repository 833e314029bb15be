// A platform commit switches a shared Redis from volatile-ttl to allkeys-lru; its evictions step up as it restarts and
// the web tier's sessions vanish: the policy commit is named (and the store), over the web release sharing the errors' words.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { evictionSettings, evictionStep } from '../../src/rca/eviction-step.js';
import { rank } from '../../src/rca/rank.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const POLICY_DIFF = [
  'diff --git a/platform/redis/shop-redis/values.yaml b/platform/redis/shop-redis/values.yaml',
  '--- a/platform/redis/shop-redis/values.yaml',
  '+++ b/platform/redis/shop-redis/values.yaml',
  '@@ -5,5 +5,5 @@ master:',
  ' commonConfiguration: |-',
  '   maxmemory 4gb',
  '-  maxmemory-policy volatile-ttl',
  '+  maxmemory-policy allkeys-lru',
  '   save 60 10000',
].join('\n');

describe('an eviction setting a diff changed', () => {
  it("is read in redis.conf's space-separated form and as a YAML key", () => {
    expect(evictionSettings(POLICY_DIFF)).toEqual([{ key: 'maxmemory-policy', from: 'volatile-ttl', to: 'allkeys-lru', line: '+  maxmemory-policy allkeys-lru' }]);
    expect(evictionSettings('-maxmemory: 2gb\n+maxmemory: 1gb\n')[0]).toMatchObject({ key: 'maxmemory', from: '2gb', to: '1gb' });
  });

  it('is none for a line moved with its value kept, or a setting of something else', () => {
    expect(evictionSettings('-  maxmemory-policy allkeys-lru\n+  maxmemory-policy allkeys-lru\n')).toEqual([]);
    expect(evictionSettings('-  save 60 10000\n+  save 300 10\n')).toEqual([]);
  });
});

// An hour before the change to half an hour after it, every minute; the change goes live at minute 60.
const FROM = ONSET - 63 * MIN;
const LIVE = FROM + 60 * MIN;
const counted = (perMin: (m: number) => number): SeriesSamples => {
  let total = 0;
  return minuteSeries('redis_evicted_keys_total', { instance: 'shop-redis-0:6379' }, FROM, 90, (m) => (total += m === 0 ? 0 : perMin(m)));
};
const bundleWith = (evictions: SeriesSamples) => handBundle('logged out mid-checkout', { from: FROM, to: FROM + 90 * MIN }, { usageCounters: [evictions] });

describe('evictions stepping up as the change went live', () => {
  it('confirm the change: the store now throws away several times what it did', () => {
    const step = evictionStep(bundleWith(counted((m) => (m <= 60 ? 2100 + (m % 3) * 40 : 5800 + (m % 3) * 60))), POLICY_DIFF, LIVE);
    expect(step).toMatchObject({ key: 'maxmemory-policy', to: 'allkeys-lru', metric: 'redis_evicted_keys_total' });
    expect(step!.after / step!.before).toBeGreaterThan(2);
  });

  it('do not when the evictions kept their rate', () => {
    expect(evictionStep(bundleWith(counted((m) => 2100 + (m % 3) * 40)), POLICY_DIFF, LIVE)).toBeNull();
  });
});

describe('the change a store began evicting with', () => {
  const services = ['shop-web', 'shop-redis', 'catalog'];
  const web = change('a'.repeat(40), 'shop-web: remember-me for 30 days and migrate the session id on login', 9, {
    relevance: 0.56,
    matched: ['session', 'csrf'],
    paths: ['shop-web/src/Security/LoginSubscriber.php'],
  });
  const policy = (evicts: boolean) =>
    change('b'.repeat(40), 'platform: shop-redis maxmemory-policy allkeys-lru', 3, {
      relevance: 0,
      matched: [],
      paths: ['platform/redis/shop-redis/values.yaml'],
      configOnly: true,
      ...(evicts
        ? {
            evicts: {
              key: 'maxmemory-policy',
              from: 'volatile-ttl',
              to: 'allkeys-lru',
              line: '+  maxmemory-policy allkeys-lru',
              call: 'c9',
              metric: 'redis_evicted_keys_total',
              series: 'redis_evicted_keys_total{instance="shop-redis-0:6379"}',
              before: 35,
              after: 95,
            },
          }
        : {}),
    });

  it('is named over the client release whose words the errors share, with the store as the service', () => {
    const v = rank([web, policy(true)], ctxFor('shop-web', services));
    expect(v.best.suspect?.sha).toBe('b'.repeat(40));
    expect(v.best).toMatchObject({ category: 'config_error', service: 'shop-redis' });
    expect(v.best.summary).toContain('maxmemory-policy from volatile-ttl to allkeys-lru');
  });

  it('is not when its evictions did not step up', () => {
    expect(rank([web, policy(false)], ctxFor('shop-web', services)).best.suspect?.sha).toBe(web.change.sha);
  });
});
