// The localizer on other systems' conventions (bench:real --variant k8s found each): CPU as a seconds counter read
// against the limit kube-state-metrics publishes, latency names that merely contain "ratio", counters by status code.
import { describe, expect, it } from 'vitest';
import { isRequestCounter, parseMetricNames } from '../../src/core/sources/metrics.js';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { limitReading } from '../../src/rca/localize/saturation.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;
const STEP = 15_000;

const pod = (name: string, container = 'server') => ({ namespace: 'shop', pod: name, container, job: 'kubelet' });
/** A CPU-seconds counter scraped every 15 s, burning `before` cores and `after` from the onset on. */
function cpuCounter(labels: Record<string, string>, before: number, after: number): SeriesSamples {
  const points: Array<[number, number]> = [];
  let total = 5000;
  for (let t = BASE; t <= BASE + 25 * MIN; t += STEP) {
    const wobble = 1 + 0.05 * Math.sin(t / STEP);
    total += (t >= ONSET ? after : before) * wobble * (STEP / 1000);
    points.push([t, total]);
  }
  return { metric: 'container_cpu_usage_seconds_total', labels, points };
}
const cpuLimit = (labels: Record<string, string>, cores: number) =>
  minuteSeries('kube_pod_container_resource_limits', { ...labels, job: 'kube-state-metrics', resource: 'cpu', unit: 'core' }, BASE, 25, () => cores);

describe('usage read against a limit published on its own', () => {
  it('reads a CPU-seconds rate that reached its container\'s limit as resource pressure, naming the share', () => {
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, {
      series: [cpuLimit(pod('catalog-6f8d9c7b5-m4v9x'), 1)],
      counters: [cpuCounter(pod('catalog-6f8d9c7b5-m4v9x'), 0.15, 0.97)],
    });
    const { signals } = metricSignals(b, ONSET);
    const catalog = signals.find((s) => s.service === 'catalog')!;
    expect(catalog.kind).toBe('cpu');
    expect(catalog.limitShare).toBeGreaterThan(0.9);
    expect(catalog.what).toContain('% of its limit');
    expect(rankServices(metricSignals(b, ONSET))[0]).toMatchObject({ service: 'catalog', category: 'resource_exhaustion' });
  });

  it('joins usage and limit under cAdvisor\'s older label names (pod_name, container_name) as well', () => {
    const old = { namespace: 'shop', pod_name: 'catalog-6f8d9c7b5-m4v9x', container_name: 'server', job: 'kubelet' };
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: [cpuLimit(old, 1)], counters: [cpuCounter(old, 0.15, 0.97)] });
    const catalog = metricSignals(b, ONSET).signals.find((s) => s.service === 'catalog')!;
    expect(catalog.kind).toBe('cpu');
    expect(catalog.limitShare).toBeGreaterThan(0.9);
  });

  it('reads a CPU rise far below its limit as activity, and without a published limit knows no share', () => {
    const busy = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, {
      series: [cpuLimit(pod('orders-7b9c8d6f5-hn5tg'), 2)],
      counters: [cpuCounter(pod('orders-7b9c8d6f5-hn5tg'), 0.01, 0.06)],
    });
    const orders = metricSignals(busy, ONSET).signals.find((s) => s.service === 'orders')!;
    expect(orders.kind).toBe('traffic');
    expect(orders.limitShare).toBeLessThan(0.05);
    const unknown = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { counters: [cpuCounter(pod('orders-7b9c8d6f5-hn5tg'), 0.01, 0.06)] });
    const bare = metricSignals(unknown, ONSET).signals.find((s) => s.service === 'orders')!;
    expect(bare.kind).toBe('cpu');
    expect(bare.limitShare).toBeUndefined();
  });
});

describe('a CFS quota scraped without its period', () => {
  // cAdvisor's container_spec_cpu_quota in microseconds per period; the period (100 ms unless the kubelet says else)
  // is often not scraped at all.
  const quota = (labels: Record<string, string>, us: number) => minuteSeries('container_spec_cpu_quota', labels, BASE, 25, () => us);
  const period = (labels: Record<string, string>, us: number) => minuteSeries('container_spec_cpu_period', labels, BASE, 25, () => us);

  it('reads a rise to a fifth of the default period\'s quota as activity, not pressure', () => {
    const p = pod('shipping-cnchlqb8c4-7kwck');
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: [quota(p, 50_000)], counters: [cpuCounter(p, 0.02, 0.09)] });
    const shipping = metricSignals(b, ONSET).signals.find((s) => s.service === 'shipping')!;
    expect(shipping.kind).toBe('traffic');
    expect(shipping.limitShare).toBeCloseTo(0.18, 1);
  });

  it('near miss: the same rise against a quota that small is pressure, and a published period is used', () => {
    const p = pod('shipping-cnchlqb8c4-7kwck');
    const tight = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: [quota(p, 10_000)], counters: [cpuCounter(p, 0.02, 0.095)] });
    expect(metricSignals(tight, ONSET).signals.find((s) => s.service === 'shipping')).toMatchObject({ kind: 'cpu' });
    const short = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: [quota(p, 50_000), period(p, 50_000)], counters: [cpuCounter(p, 0.02, 0.9)] });
    expect(metricSignals(short, ONSET).signals.find((s) => s.service === 'shipping')!.limitShare).toBeGreaterThan(0.85);
  });
});

describe('metric names read by whole words', () => {
  it('never takes a duration for a ratio of a limit', () => {
    const points = minuteSeries('x', {}, BASE, 25, (m) => (m >= 20 ? 0.9 : 0.5)).points;
    expect(limitReading('http_server_request_duration_seconds_p90', points, ONSET)).toBeNull();
    expect(limitReading('edge_request_duration_seconds', points, ONSET)).toBeNull();
    expect(limitReading('container_memory_utilization_ratio', points, ONSET)?.reached).toBe(true);
  });
});

describe('request counters under other names', () => {
  it('counts a counter by response status as requests, whatever its name, but not its sums or byte counts', () => {
    expect(isRequestCounter({ name: 'http_server_responses_total', labels: ['namespace', 'pod', 'code'] })).toBe(true);
    expect(isRequestCounter({ name: 'http_server_requests_seconds_count', labels: ['uri', 'status'] })).toBe(true);
    expect(isRequestCounter({ name: 'http_server_requests_seconds_sum', labels: ['uri', 'status'] })).toBe(false);
    expect(isRequestCounter({ name: 'container_network_receive_bytes_total', labels: ['interface'] })).toBe(false);
    expect(isRequestCounter({ name: 'grpc_server_handled_total', labels: [] })).toBe(true);
  });

  it('reads the label names list_metrics gives with each name', () => {
    const listed = parseMetricNames({ metrics: [{ name: 'http_server_responses_total', type: 'counter', series: 2, labels: { pod: ['a-7b9c8d6f5-hn5tg'], code: ['200', '500'] } }, 'up'] });
    expect(listed).toEqual([
      { name: 'http_server_responses_total', type: 'counter', labels: ['pod', 'code'] },
      { name: 'up', type: null, labels: [] },
    ]);
  });
});

describe('ties between candidates', () => {
  it('orders equal weights by the data (larger departure, then earlier start), so renaming services changes nothing', () => {
    const sig = (service: string, z: number, start: number) => ({ service, kind: 'client_latency' as const, family: 'client_p90', z, start, what: `${service} waits`, evidence: null });
    const order = (names: [string, string, string]) => {
      const set = { signals: [sig(names[0], 500, ONSET + MIN), sig(names[1], 180_000, ONSET + 2 * MIN), sig(names[2], 500, ONSET)], population: new Map([['client_p90', 10]]) };
      return rankServices(set).map((c) => names.indexOf(c.service));
    };
    // Past a certain z all three weigh the same; the order must not follow the alphabet.
    expect(order(['svc-a', 'svc-b', 'svc-c'])).toEqual([1, 2, 0]);
    expect(order(['svc-z', 'svc-y', 'svc-x'])).toEqual([1, 2, 0]);
  });
});
