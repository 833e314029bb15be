// CPU and memory as the OpenTelemetry collector reports them (kubeletstats usage, k8s_cluster limits): the CPU gauge
// named `_ratio` is cores used, so a pod at 0.28 core under a 0.3 core limit is starved, not "far below its limit".
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-05-14T07:20:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;

const otel = (pod: string, container: string) => ({ k8s_namespace_name: 'shop', k8s_node_name: 'node-a', k8s_pod_name: pod, k8s_container_name: container });
const podLabels = (pod: string) => ({ k8s_namespace_name: 'shop', k8s_node_name: 'node-a', k8s_pod_name: pod });
const wobble = (m: number) => 1 + 0.04 * Math.sin(m * 1.7);
/** kubeletstats' k8s.pod.cpu.utilization: cores used, averaged over the minute. */
const cpu = (pod: string, before: number, after: number) =>
  minuteSeries('k8s_pod_cpu_utilization_ratio', podLabels(pod), BASE, 25, (m) => (m >= 20 ? after : before) * wobble(m));
const cpuLimit = (pod: string, container: string, cores: number) => minuteSeries('k8s_container_cpu_limit', otel(pod, container), BASE, 25, () => cores);

describe('OpenTelemetry kubeletstats usage read against the k8s_cluster receiver\'s limits', () => {
  it('reads a pod whose CPU "utilization ratio" climbed to its small core limit as CPU pressure', () => {
    const b = handBundle('ads slow', { from: BASE, to: BASE + 25 * MIN }, {
      series: [cpuLimit('ads-5d8f7c9b6-x2k4p', 'ads', 0.3), cpu('ads-5d8f7c9b6-x2k4p', 0.012, 0.285)],
    });
    const ads = metricSignals(b, ONSET).signals.find((s) => s.service === 'ads')!;
    expect(ads.kind).toBe('cpu');
    expect(ads.limitShare).toBeGreaterThan(0.9);
    expect(ads.what).toContain('% of its limit');
    expect(rankServices(metricSignals(b, ONSET))[0]).toMatchObject({ service: 'ads', category: 'resource_exhaustion' });
  });

  it('reads working-set bytes against k8s.container.memory_limit', () => {
    const MiB = 1024 * 1024;
    const b = handBundle('recommendations slow', { from: BASE, to: BASE + 25 * MIN }, {
      series: [
        minuteSeries('k8s_container_memory_limit_bytes', otel('recs-7c9d8b6f5-q8w2z', 'recs'), BASE, 25, () => 500 * MiB),
        minuteSeries('k8s_pod_memory_working_set_bytes', podLabels('recs-7c9d8b6f5-q8w2z'), BASE, 25, (m) => (m >= 20 ? 120 + (m - 19) * 70 : 120) * MiB * wobble(m)),
      ],
    });
    const recs = metricSignals(b, ONSET).signals.find((s) => s.service === 'recs')!;
    expect(recs.kind).toBe('memory');
    expect(recs.limitShare).toBeGreaterThan(0.75);
  });

  it('still reads a CPU rise far below a large limit as activity, and the share-of-limit gauge keeps full scale 1', () => {
    const busy = handBundle('orders slow', { from: BASE, to: BASE + 25 * MIN }, {
      series: [cpuLimit('orders-6b7c8d9f4-hn5tg', 'orders', 4), cpu('orders-6b7c8d9f4-hn5tg', 0.05, 0.4)],
    });
    const orders = metricSignals(busy, ONSET).signals.find((s) => s.service === 'orders')!;
    expect(orders.kind).toBe('traffic');
    expect(orders.limitShare).toBeLessThan(0.15);
    // k8s.pod.cpu_limit_utilization is already the share of the limit: it is not divided by the limit again.
    const share = handBundle('orders slow', { from: BASE, to: BASE + 25 * MIN }, {
      series: [cpuLimit('orders-6b7c8d9f4-hn5tg', 'orders', 4), minuteSeries('k8s_pod_cpu_limit_utilization_ratio', podLabels('orders-6b7c8d9f4-hn5tg'), BASE, 25, (m) => (m >= 20 ? 0.95 : 0.1) * wobble(m))],
    });
    const own = metricSignals(share, ONSET).signals.find((s) => s.service === 'orders')!;
    expect(own.limitShare).toBeGreaterThan(0.85);
  });
});
