// The localizer on other systems' conventions (bench:real --variant k8s found each): CPU as a seconds counter read
// against the limit kube-state-metrics publishes (as the share of it a percent metric gives), whole-word names, counters by status code.
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

describe('cores against limits of different sizes read as the percent of the limit another exporter gives', () => {
  // Five pods at a tenth of their limits; two climb to four tenths of theirs at the onset. One has a limit of 2 cores,
  // the other a quarter of a core: in cores one climbed by 0.6, the other by 0.075, yet as shares both did the same.
  const limitsOf: Record<string, number> = { 'ads-6c8b7d9f4-q2w7z': 2, 'cart-5d9f8c7b6-x4k2p': 0.25, 'email-7f6d5c4b3-m8n2v': 1, 'pay-4b3c2d1f9-r5t6y': 1, 'ship-9a8b7c6d5-z2x4c': 1 };
  const climbs = new Set(['ads-6c8b7d9f4-q2w7z', 'cart-5d9f8c7b6-x4k2p']);
  const share = (name: string, t: number) => (climbs.has(name) && t >= ONSET ? 0.4 : 0.1) * (1 + 0.04 * Math.sin(t / STEP + name.length));
  const times = Array.from({ length: (25 * MIN) / STEP + 1 }, (_, i) => BASE + i * STEP);
  const percent = Object.keys(limitsOf).map((name): SeriesSamples => ({ metric: 'pod_cpu_usage_percent', labels: pod(name), points: times.map((t) => [t, 100 * share(name, t)]) }));
  // The counter's increase up to a scrape is the share at that scrape times the limit: its rate there is that share's cores.
  const cores = Object.entries(limitsOf).map(([name, limit]): SeriesSamples => {
    let total = 1000;
    return { metric: 'container_cpu_usage_seconds_total', labels: pod(name), points: times.map((t) => [t, (total += share(name, t) * limit * (STEP / 1000))]) };
  });
  const limitSeries = Object.entries(limitsOf).map(([name, cores]) => cpuLimit(pod(name), cores));
  const byService = (b: ReturnType<typeof handBundle>) => new Map(metricSignals(b, ONSET).signals.map((s) => [s.service, s]));

  it('gives every pod the z its percent of the limit gives, whatever its limit', () => {
    const asPercent = byService(handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: percent }));
    const asCores = byService(handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, { series: limitSeries, counters: cores }));
    expect([...asCores.keys()].sort()).toEqual([...asPercent.keys()].sort());
    expect(asPercent.get('cart')!.z).toBeGreaterThan(3);
    for (const [service, s] of asPercent) {
      const c = asCores.get(service)!;
      expect(c.z, service).toBeCloseTo(s.z, 0);
      expect(Boolean(c.weak), service).toBe(Boolean(s.weak));
    }
    expect(asCores.get('cart')!.what).toContain('as a share of its limit');
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
