// Near misses of the autoscaler-flapping rule (flapping-rank.ts): replicas that move without flapping, a flap in a
// bystander, and a change to the autoscaler with no flap after it must not take the incident from what caused it.
import { describe, expect, it } from 'vitest';
import { analyze, conditions, ONSET } from './general-rules-kit.js';
import { flapping, flappingBundle, platform, rescales } from './flapping-kit.js';

const flap = (b: ReturnType<typeof analyze>) => conditions(b.findings, 'autoscaler_flapping');

describe('autoscaler-flapping near misses', () => {
  it('a steady scale-up under the load is no flap, and the HPA change before it is not blamed for the refusals', () => {
    const climb: Array<[number, number]> = [5, 6, 7, 8, 9, 10].map((size, i) => [ONSET - 3 + i * 2, size]);
    const r = analyze(flappingBundle({ events: rescales('search-api', climb) }));
    expect(flap(r)).toEqual([]);
    expect(r.verdict.best.suspect?.sha).not.toBe(platform.sha);
  });

  it('one scale-down with no errors after it is no flap', () => {
    const r = analyze(flappingBundle({ events: rescales('search-api', [[ONSET - 20, 10], [ONSET - 5, 4]]) }));
    expect(flap(r)).toEqual([]);
  });

  it('an HPA change with no swing after it is not blamed', () => {
    const r = analyze(flappingBundle({ events: [] }));
    expect(flap(r)).toEqual([]);
    expect(r.verdict.best.suspect?.sha).not.toBe(platform.sha);
  });

  it('a flapping autoscaler of a service nothing failing names is a bystander: no flap found, its HPA change not blamed', () => {
    const r = analyze(flappingBundle({ events: rescales('reco-api', flapping(ONSET - 1.5)) }));
    expect(flap(r)).toEqual([]);
    expect(r.verdict.best.suspect?.sha).not.toBe(platform.sha);
  });

  it("a flap while the callers fail with their own exception (no refusal, reset or wait) is not the errors' cause", () => {
    const error = "search failed: KeyError: 'facets' in render_results";
    const r = analyze(flappingBundle({ events: rescales('search-api', flapping(ONSET - 1.5)), error }));
    expect(flap(r)).toEqual([]);
    expect(r.verdict.best.suspect?.sha).not.toBe(platform.sha);
  });
});
