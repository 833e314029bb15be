// A cap a change set under what its service came to use: GOMEMLIMIT=900MiB reported by go_gc_gomemlimit_bytes from the
// rollout on, the live heap growing into it an hour later and the collector then taking the CPU (holdout 410).
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { rankReachedSetting } from '../../src/rca/reached-setting-rank.js';
import { changedSettingNames, namesSetting, settingSeriesStep } from '../../src/rca/setting-series.js';
import type { Hypothesis } from '../../src/rca/hypothesis.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const FROM = ONSET - 120 * MIN;
/** The rollout 55 minutes before the onset. */
const LIVE = ONSET - 55 * MIN;
const LIVE_M = 65;
const SERVICES = new Set(['ratings-api', 'product-page']);
const LABELS = { job: 'ratings-api', pod: 'ratings-api-6c9d7b5f4-2kq8x' };
const LIMIT = 943718400;
const bundleWith = (series: SeriesSamples[]) => handBundle('product pages slow', { from: FROM, to: ONSET + 20 * MIN }, { series });

const DIFF = [
  'diff --git a/deploy/ratings-api/deployment.yaml b/deploy/ratings-api/deployment.yaml',
  '--- a/deploy/ratings-api/deployment.yaml',
  '+++ b/deploy/ratings-api/deployment.yaml',
  '         - name: ratings-api',
  '-          image: registry.example.com/ratings-api:2.3.0',
  '+          image: registry.example.com/ratings-api:2.3.1',
  '+          env:',
  '+            - name: GOMEMLIMIT',
  '+              value: 900MiB',
  '           resources:',
].join('\n');
// The Go runtime reports math.MaxInt64 while no limit is set, then the limit from the rollout's first scrape on.
const limit = minuteSeries('go_gc_gomemlimit_bytes', LABELS, FROM, 140, (m) => (m < LIVE_M ? 9223372036854775807 : LIMIT));
// The heap restarts at 730 MB and grows 3 MB a minute until the collector holds it just under the limit.
const heap = (top: number) => minuteSeries('go_memstats_heap_alloc_bytes', LABELS, FROM, 140, (m) => (m < LIVE_M ? 1.19e9 : Math.min(top, 730e6 + (m - LIVE_M) * 3e6)));

describe('a cap its service grew into', () => {
  it('reads an environment variable a manifest sets, not a capitalised word of a changed line', () => {
    expect([...changedSettingNames(DIFF)]).toContain('gomemlimit');
    expect([...changedSettingNames('+  query = "SELECT id FROM ratings WHERE sku = $1"\n+ const TIMEOUT_MS = 1500;')]).toEqual(['timeout_ms']);
  });

  it('matches a series named for the setting with a unit after it, not one that only starts with it', () => {
    expect(namesSetting('go_gc_gomemlimit_bytes', 'gomemlimit')).toBe(true);
    expect(namesSetting('go_gc_gomemlimit_hits_total', 'gomemlimit')).toBe(false);
  });

  it('finds the limit taking effect and the heap reaching it ten minutes before the onset', () => {
    const s = settingSeriesStep(bundleWith([limit, heap(935e6)]), DIFF, LIVE, SERVICES);
    expect(s).toMatchObject({ service: 'ratings-api', key: 'GOMEMLIMIT', to: LIMIT });
    expect(s?.reached?.series).toContain('go_memstats_heap_alloc_bytes');
    // 0.95 × 943718400 is reached at minute 65 + ceil((896.5e6 - 730e6) / 3e6) = 121: 4 minutes before the onset (125).
    expect(s?.reached?.time).toBe(FROM + 121 * MIN);
  });

  it('is no reach for a heap that stays well under the limit (near miss)', () => {
    const s = settingSeriesStep(bundleWith([limit, heap(800e6)]), DIFF, LIVE, SERVICES);
    expect(s?.key).toBe('GOMEMLIMIT');
    expect(s?.reached).toBeUndefined();
  });

  const release = (reachedAt: number) =>
    change('35cd358377ad', 'ratings-api: GOMEMLIMIT=900MiB', 55, {
      relevance: 0.05,
      configOnly: true,
      paths: ['deploy/ratings-api/deployment.yaml'],
      setIn: { service: 'ratings-api', key: 'gomemlimit', series: 'go_gc_gomemlimit_bytes{job="ratings-api"}', from: 9.2e18, to: LIMIT, time: LIVE, call: 'c1', reached: { series: 'go_memstats_heap_alloc_bytes{job="ratings-api"}', value: 9.0e8, time: reachedAt } },
    });
  const words: Hypothesis = { summary: 'product-page broke after its release', category: 'code_regression', service: 'product-page', suspect: { sha: 'a3d1b4b0acac', ref: null, message: 'ratings client timeout', author: 'x', time: new Date(ONSET - 11 * MIN).toISOString() }, confidence: 0.81, score: 0.81, support: [], recommendations: [] };
  const cpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'ratings-api', confidence: 0.3 });

  it('names the change that set the cap over a later release tied by words, when the service is at a resource limit', () => {
    const hs: Hypothesis[] = [{ ...words }];
    rankReachedSetting(hs, [release(ONSET - 10 * MIN)], [cpu], [], ctxFor('product-page', [...SERVICES]));
    const best = hs.sort((a, b) => b.score - a.score)[0]!;
    expect(best.suspect?.sha).toBe('35cd358377ad');
    expect(best.service).toBe('ratings-api');
    expect(best.category).toBe('config_error');
  });

  it('leaves the ranking alone when the cap was reached hours before the onset, or the service is at no limit (near misses)', () => {
    const early: Hypothesis[] = [{ ...words }];
    rankReachedSetting(early, [release(ONSET - 50 * MIN)], [cpu], [], ctxFor('product-page', [...SERVICES]));
    expect(early.map((h) => h.suspect?.sha)).toEqual(['a3d1b4b0acac']);
    const idle: Hypothesis[] = [{ ...words }];
    rankReachedSetting(idle, [release(ONSET - 10 * MIN)], [{ ...cpu, service: 'product-page' }], [], ctxFor('product-page', [...SERVICES]));
    expect(idle.map((h) => h.suspect?.sha)).toEqual(['a3d1b4b0acac']);
  });
});
