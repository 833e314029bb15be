// A memory climb started by a release of the very dependency its callers fail to reach (the gateway's `upstream=`
// names it): the callers' failure is what the climb did, so the release outranks the dependency failure it explains.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

describe('a climb in the dependency the callers cannot reach', () => {
  const oom = condition({ condition: 'oom', category: 'resource_exhaustion', service: 'geo-enricher', confidence: 0.45, summary: "geo-enricher's memory climbed 3.5x on the way to the onset" });
  const limit = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'geo-enricher', confidence: 0.5, summary: 'geo-enricher reached 91 % of its memory limit' });
  const down = condition({ condition: 'dependency', category: 'dependency_failure', service: 'geo-enricher', confidence: 0.75, names: ['geo-enricher'], connectivity: true, summary: 'api-gateway fails because its dependency geo-enricher is failing' });
  const cache = change('e7b22701aaaa', 'Remember reverse-geocoding answers per coordinate', 28, { relevance: 0.05, growthTiming: 0.95, paths: ['geo-enricher/geo_enricher/lookup.py'] });
  const ctx = { ...ctxFor('api-gateway', ['api-gateway', 'geo-enricher']), growth: { kind: 'memory' as const, series: 'container_memory_working_set_bytes', start: ONSET - 29 * MIN } };

  it("names the dependency's release the climb began with, over the failure it explains", () => {
    const v = rank([oom, limit, down, cache], ctx);
    expect(v.best.suspect?.sha).toBe(cache.change.sha);
    expect(v.best.service).toBe('geo-enricher');
    expect(v.best.score).toBeGreaterThan(down.confidence);
  });

  it("leaves the dependency failure first when the climbing release is another service's", () => {
    const elsewhere = { ...cache, paths: ['billing/app/cache.py'] };
    expect(rank([oom, limit, down, elsewhere], ctx).best.suspect).toBeNull();
  });
});
