// A CPU-seconds counter (process_cpu_seconds_total, cAdvisor's) is read as its rate: a jump to a ceiling of cores is
// a saturation condition, and one far under its published limit is not (holdout 317; the k8s variant of bench:real).
import { describe, expect, it } from 'vitest';
import { analyze, bundleOf, conditions, counter, ONSET, samples } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';
import { BASE } from './general-rules-kit.js';

const errors = { signatures: [signature({ template: 'login failed: context deadline exceeded', service: 'auth', base: BASE, minutes: span(ONSET, 120, 6) })], errorRates: [errorRate('auth', BASE, 120, ONSET)] };
const cpu = (labels: Record<string, string>, before: number, after: number) => counter('process_cpu_seconds_total', labels, (m) => (m >= ONSET ? after : before));

describe('a CPU-seconds counter', () => {
  it('that jumps to two cores at the onset and stays there is a saturation of that service', () => {
    const { findings } = analyze(bundleOf({ ...errors, usageCounters: [cpu({ job: 'auth', instance: 'auth-1:9090' }, 0.3, 1.97)] }));
    const sat = conditions(findings, 'saturation');
    expect(sat.map((f) => f.service)).toEqual(['auth']);
    expect(sat[0]!.summary).toContain('process_cpu_seconds_total{job="auth",instance="auth-1:9090"} (per second) jumped from 0.3000 to 1.970');
  });

  it('that jumps but stays far under the limit published for its container is no saturation', () => {
    const labels = { namespace: 'prod', pod: 'auth-7d9f8b6c5-x2x9q', container: 'auth' };
    const { findings } = analyze(
      bundleOf({
        ...errors,
        usageCounters: [counter('container_cpu_usage_seconds_total', labels, (m) => (m >= ONSET ? 0.9 : 0.2))],
        series: [samples('kube_pod_container_resource_limits', { ...labels, resource: 'cpu', unit: 'core' }, () => 8)],
      }),
    );
    expect(conditions(findings, 'saturation')).toEqual([]);
  });
});
