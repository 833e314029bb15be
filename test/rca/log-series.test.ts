// Heroku's runtime metrics in the log drain are the dynos' only memory series: read from request_flows' answer
// (validated, malformed series dropped) into the bundle's series, where the memory rules and the localizer read them.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import { parseFlows } from '../../src/core/sources/request-flows.js';
import { logSampleSeries, withLogSamples } from '../../src/rca/log-series.js';
import { analyze, BASE, bundleOf, MIN, ONSET, samples } from './general-rules-kit.js';
import { signature, span, withFlows } from './helpers.js';

const MB = 1024 ** 2;
const conditionsOf = (fs: Finding[]) => fs.filter((f): f is Extract<Finding, { kind: 'condition' }> => f.kind === 'condition');
const points = (f: (m: number) => number): Array<[number, number]> => Array.from({ length: 120 }, (_, m) => [BASE + m * MIN, f(m)]);
// Puma's workers grow on each of two dynos from the release on, reaching the 512 MB quota at the onset.
const grows = (m: number) => (m < 50 ? 300 * MB : Math.min(512 * MB, 300 * MB + (m - 50) * 7.2 * MB));
const dynoSeries = () => ['web.1', 'web.2'].flatMap((d) => [
  { metric: 'memory_total_bytes', labels: { service: 'web', source: d }, points: points(grows) },
  { metric: 'memory_quota_bytes', labels: { service: 'web', source: d }, points: points(() => 512 * MB) },
]);
const timeouts = () => [signature({ template: 'at=error code=H12 desc="Request timeout" method=GET path="/books" status=503 service=30000ms', service: 'router', base: BASE, minutes: span(ONSET, 120, 20) })];

describe("request_flows' samples", () => {
  it('keeps well-formed series and drops a malformed one alone', () => {
    const flows = parseFlows({
      minutes: [],
      steps: [],
      transitions: [],
      samples: [
        { metric: 'memory_total_bytes', labels: { service: 'web', source: 'web.1' }, points: [[BASE, 400 * MB]] },
        { metric: 'memory_total_bytes', labels: { service: 'web' }, points: [[BASE, 'lots']] },
        { metric: 'Robert"); DROP', labels: {}, points: [[BASE, 1]] },
      ],
    });
    expect(flows?.samples?.map((s) => s.labels)).toEqual([{ service: 'web', source: 'web.1' }]);
  });
});

describe('the drain samples as series', () => {
  it('are cited by the request_flows call and leave out a series the scrape already holds', () => {
    const b = withFlows(bundleOf({ series: [samples('memory_quota_bytes', { service: 'web', source: 'web.1' }, () => 512 * MB)] }), { samples: dynoSeries() });
    const c = logSampleSeries(b);
    expect(c?.call_id).toBe('flows');
    expect(c?.data).toHaveLength(3);
  });

  it("let the memory rules see the dynos' memory reach their quota, which no scrape shows", () => {
    const without = withFlows(bundleOf({ signatures: timeouts() }), { samples: dynoSeries() });
    const before = conditionsOf(analyze(without).findings).filter((f) => /memory_total_bytes/.test(f.summary));
    expect(before).toHaveLength(0);
    const b = withFlows(bundleOf({ signatures: timeouts() }), { samples: dynoSeries() });
    withLogSamples(b);
    const found = conditionsOf(analyze(b).findings).filter((f) => /memory_total_bytes/.test(f.summary));
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => f.service === 'web')).toBe(true);
  });
});
