// An autoscaler flapping: the HPA's rescale events read as scale announcements, the analyzer finding replicas that
// reverse direction again and again from just before the onset, and the ranking naming the change to that autoscaler.
import { describe, expect, it } from 'vitest';
import { autoscalerFlapping, flapOf } from '../../src/rca/analyzers/autoscaler-flapping.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { kubeEvent } from '../../src/core/logs/kube-events.js';
import { AnnouncementLog, announcedKind, MAX_ANNOUNCEMENTS } from '../../servers/logs/announcements.js';
import { analyze, bundleOf, conditions, ONSET, samples } from './general-rules-kit.js';
import { flapping, flappingBundle, platform, release, rescales } from './flapping-kit.js';

describe("the HPA's rescale events", () => {
  it('are announced as scale changes, as an event exporter writes them and as a plain line', () => {
    const event = kubeEvent({
      reason: 'SuccessfulRescale',
      message: 'New size: 4; reason: All metrics below target',
      type: 'Normal',
      lastTimestamp: '2026-12-21T15:11:59Z',
      involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'search-api' },
    });
    expect(event?.service).toBe('search-api');
    expect(announcedKind(event!.message)).toBe('scale');
    expect(announcedKind('horizontalpodautoscaler/search-api   New size: 10; reason: cpu resource utilization (percentage of request) above target')).toBe('scale');
    expect(announcedKind('search: new size: 10 results for "boots"')).toBeNull();
  });

  it('are kept apart from the pods created by the dozen, which must not crowd them out', () => {
    const log = new AnnouncementLog();
    const entry = (message: string, service: string) => ({ line: 1, continuation: 0, time: null, level: 'info' as const, service, message });
    log.add(1_000, entry('SuccessfulRescale: New size: 10; reason: All metrics below target', 'search-api'));
    for (let i = 0; i < 3 * MAX_ANNOUNCEMENTS; i++) log.add(2_000 + i, entry(`SuccessfulCreate: Created pod: search-api-7b9f6d5c84-${i}`, 'search-api'));
    expect(log.result().filter((a) => a.kind === 'scale')).toMatchObject([{ service: 'search-api', text: 'SuccessfulRescale: New size: 10; reason: All metrics below target' }]);
  });
});

describe('a flap in a replica count', () => {
  const onset = 10_000_000;
  const pts = (values: number[], stepMs = 150_000, from = onset - 300_000): Array<[number, number]> => values.map((v, i) => [from + i * stepMs, v]);

  it('is four or more reversals of direction minutes apart, begun shortly before the onset', () => {
    const f = flapOf(pts([4, 10, 4, 10, 4, 10, 4, 10]), onset);
    expect(f).toMatchObject({ low: 4, high: 10 });
    expect(f!.reversals.length).toBe(6);
  });

  it('is not a climb, one swing down, swings twenty minutes apart, or a flap that settled long before the onset', () => {
    expect(flapOf(pts([4, 5, 6, 7, 8, 9, 10, 10]), onset)).toBeNull();
    expect(flapOf(pts([4, 6, 8, 10, 6, 6, 6, 6]), onset)).toBeNull();
    expect(flapOf(pts([4, 10, 4, 10, 4, 10, 4], 20 * 60_000, onset - 40 * 60_000), onset)).toBeNull();
    expect(flapOf(pts([4, 10, 4, 10, 4, 10, 4, 4, 4, 4], 150_000, onset - 60 * 60_000), onset)).toBeNull();
  });
});

describe('the autoscaler-flapping analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(autoscalerFlapping);
  });

  it("finds search-api's HPA swinging 4 ↔ 10 every 2.5 minutes from its rescale events, quoting one", () => {
    const { findings } = analyze(flappingBundle({ events: rescales('search-api', flapping(ONSET - 1.5)) }));
    const [f, ...rest] = conditions(findings, 'autoscaler_flapping');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ service: 'search-api', category: 'capacity', analyzer: 'autoscaler-flapping' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.65);
    expect(f!.summary).toContain('4 ↔ 10 replicas');
    expect(f!.evidence[0]?.quote).toContain('New size');
  });

  it.each([
    ['kube_horizontalpodautoscaler_status_desired_replicas', { horizontalpodautoscaler: 'search-api' }],
    ['kube_deployment_spec_replicas', { deployment: 'search-api' }],
  ])("finds it in kube-state-metrics' %s too, sampled every minute", (metric, name) => {
    const labels = { namespace: 'shop', ...name, job: 'kube-state-metrics' };
    const b = flappingBundle();
    const series = bundleOf({ series: [samples(metric, labels, (m) => (m < ONSET - 2 ? 4 : m % 3 === 0 ? 4 : 10))] }).series;
    b.series.push(...series);
    Object.assign(b.outputs, { series: { tool: 'metrics__query_range', text: JSON.stringify(series[0]!.data) } });
    const [f] = conditions(analyze(b).findings, 'autoscaler_flapping');
    expect(f).toMatchObject({ service: 'search-api' });
    expect(f!.evidence[0]?.quote).toBe(metric);
  });
});

describe('the change that set the autoscaler flapping', () => {
  it("is the platform's HPA commit synced just before the first reversal, as a configuration error, over search-api's release", () => {
    const { verdict } = analyze(flappingBundle({ events: rescales('search-api', flapping(ONSET - 1.5)) }));
    expect(verdict.best.suspect?.sha).toBe(platform.sha);
    expect(verdict.best.category).toBe('config_error');
    expect(verdict.best.service).toBe('search-api');
    expect(verdict.best.summary).toContain('platform/k8s/shop/search-api/hpa.yaml');
    expect(verdict.best.summary).toContain('stabilizationWindowSeconds: 0');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('search-api/v3.4.0');
  });

  it('without a change to its autoscaler, the flap itself is the answer, not "the dependency fails" or the release', () => {
    const { verdict } = analyze(flappingBundle({ events: rescales('search-api', flapping(ONSET - 1.5)), syncAt: null }));
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('capacity');
    expect(verdict.best.service).toBe('search-api');
    expect(verdict.best.summary).toContain('flapping');
    expect(release.sha).not.toBe(verdict.best.suspect?.sha);
  });

  it('is not a change to it live well before the flapping began (an hour and more)', () => {
    const { verdict } = analyze(flappingBundle({ events: rescales('search-api', flapping(ONSET - 1.5)), syncAt: ONSET - 75 }));
    expect(verdict.best.suspect?.sha).not.toBe(platform.sha);
  });
});
