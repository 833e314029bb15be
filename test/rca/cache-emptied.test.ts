// A cache node restarted empty just before the onset: the cache-emptied analyzer's condition from memcached_exporter's
// uptime and items (a Redis exporter's keys the same), and none for a restart long before or a cache merely evicting.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { cacheEmptied } from '../../src/rca/analyzers/cache-emptied.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { handBundle, minuteSeries } from './helpers.js';
import { ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const ctx = ctxFor('catalog', ['catalog', 'memcached', 'catalog-mysql']);
const inst = (i: number) => ({ instance: `memcached-${i}.memcached.shop.svc:9150` });

/** memcached_exporter's uptime and items of member `i`, restarted at minute `restart` from the onset (null: never). */
function member(i: number, restart: number | null, items = 1_480_000): SeriesSamples[] {
  const r = restart === null ? Infinity : 60 + restart;
  return [
    minuteSeries('memcached_uptime_seconds', inst(i), BASE, 90, (m) => (m >= r ? (m - r) * 60 + 20 : 9 * 86_400 + m * 60)),
    minuteSeries('memcached_current_items', inst(i), BASE, 90, (m) => (m >= r ? Math.round((m - r) * 9_000) : items)),
  ];
}

function analyzed(series: SeriesSamples[]): ConditionFinding[] {
  const bundle = handBundle('catalog: product pages return 500 since 14:00 UTC', { from: BASE, to: ONSET + 30 * MIN }, { series });
  return cacheEmptied.analyze(bundle, ctx) as ConditionFinding[];
}

describe('the cache-emptied analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(cacheEmptied);
  });

  it('finds the member whose uptime reset and whose items fell to none a minute before the onset, naming its set', () => {
    const [f, ...rest] = analyzed([...member(0, null), ...member(1, null), ...member(2, -1)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'condition', condition: 'cache_emptied', category: 'infrastructure', service: 'memcached', analyzer: 'cache-emptied' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(f!.summary).toContain('memcached-2.memcached.shop.svc restarted empty');
    expect(f!.summary).toMatch(/uptime reset/);
    expect(f!.summary).toMatch(/items fell from 1480000 to 0/);
    expect(f!.evidence).toHaveLength(2);
  });

  it('takes a Redis member that restarted with no persistence (its keys to none) by its StatefulSet name', () => {
    const series = [
      minuteSeries('redis_uptime_in_seconds', { instance: 'redis-1:9121' }, BASE, 90, (m) => (m >= 61 ? (m - 61) * 60 : 86_400 + m * 60)),
      minuteSeries('redis_db_keys', { instance: 'redis-1:9121', db: 'db0' }, BASE, 90, (m) => (m >= 61 ? 50 * (m - 61) : 220_000)),
    ];
    expect(analyzed(series)).toMatchObject([{ service: 'redis', condition: 'cache_emptied' }]);
  });

  it('finds none for a restart 40 minutes before the onset (the cache had refilled), nor for a cache evicting a fifth of its items', () => {
    expect(analyzed([...member(0, null), ...member(2, -40)])).toEqual([]);
    const evicting = [minuteSeries('memcached_current_items', inst(1), BASE, 90, (m) => (m >= 59 ? 1_180_000 : 1_480_000))];
    expect(analyzed(evicting)).toEqual([]);
  });

  it('takes an uptime reset alone (no items series read) as weaker', () => {
    const [f] = analyzed([member(2, 0)[0]!]);
    expect(f!.confidence).toBeLessThan(0.8);
  });
});
