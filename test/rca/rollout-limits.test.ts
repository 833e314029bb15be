// A rollout inside the window: the replaced and the new pod read as one workload series, usage against the limits
// in force at each time, and a release that lowered a CPU limit named when the service then sits at it.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import type { Limits } from '../../src/rca/localize/limits.js';
import { mergeRollouts } from '../../src/rca/localize/rollouts.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const OLD = 'ledger-6c9d7b8f4-k2x8p';
const NEW = 'ledger-7f5b9c6d8-w4n7q';
const ROLLOUT = ONSET - 2;
const id = (pod: string) => ({ namespace: 'fin', pod, container: 'ledger' });

/** A series sampled every minute over [from, to] of the two hours. */
function lived(metric: string, labels: Record<string, string>, from: number, to: number, f: (m: number) => number): SeriesSamples {
  const points: Array<[number, number]> = [];
  for (let m = from; m <= to; m++) points.push([BASE + m * MIN, f(m)]);
  return { metric, labels, points };
}

/** A CPU-seconds counter of `cores` per second over the pod's life. */
function cpu(pod: string, from: number, to: number, cores: number): SeriesSamples {
  return lived('container_cpu_usage_seconds_total', id(pod), from, to, (m) => (m - from) * 60 * cores + 10);
}

const limit = (pod: string, from: number, to: number, cores: number) =>
  lived('kube_pod_container_resource_limits', { ...id(pod), resource: 'cpu', unit: 'core' }, from, to, () => cores);

describe('mergeRollouts', () => {
  const limits: Limits = { of: (s) => (s.labels.pod === OLD ? 2 : s.labels.pod === NEW ? 0.5 : null) };
  const rates = (s: SeriesSamples, v: number) => ({ s, points: s.points.map(([t]): [number, number] => [t, v]) });

  it('makes a replaced pod and its successor one series, read against the limit each ran with', () => {
    const merged = mergeRollouts([rates(cpu(OLD, 0, ROLLOUT, 0.8), 0.8), rates(cpu(NEW, ROLLOUT + 1, 120, 0.48), 0.48)], 'cpu', limits);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.s.labels.pod).toBe(NEW);
    expect(merged[0]!.points).toHaveLength(121);
    expect(merged[0]!.share![0]![1]).toBeCloseTo(0.4);
    expect(merged[0]!.share![120]![1]).toBeCloseTo(0.96);
    expect(merged[0]!.limitChange).toEqual({ from: 2, to: 0.5 });
  });

  it('leaves replicas that both ran the whole window apart', () => {
    const a = rates(cpu(OLD, 0, 120, 0.8), 0.8);
    const b = rates(cpu(NEW, 0, 120, 0.8), 0.8);
    expect(mergeRollouts([a, b], 'cpu', limits)).toEqual([a, b]);
  });
});

describe('a release that lowered a CPU limit', () => {
  const cut = commit('c0ffee01', 'Right-size ledger to its measured usage', BASE + (ONSET - 30) * MIN, ['deploy/k8s/ledger.yaml']);
  const code = commit('c0ffee02', 'Export statements as CSV', BASE + (ONSET - 20) * MIN, ['ledger/src/export.cs']);
  const parts = (newLimit: number) => ({
    signatures: [signature({ template: 'GET /api/statement 504 upstream timed out', service: 'gateway', base: BASE, minutes: span(ONSET, 120, 6) })],
    errorRates: [errorRate('gateway', BASE, 120, ONSET)],
    deployments: [deployment('v7.4.0', BASE + ROLLOUT * MIN, [code, cut])],
    diffs: {
      [cut.sha]: '           limits:\n-              cpu: "2"\n+              cpu: "500m"\n',
      [code.sha]: '-  Build(a)\n+  Build(a, format)\n',
    },
    counters: [cpu(OLD, 0, ROLLOUT, 0.8), cpu(NEW, ROLLOUT + 1, 120, 0.49)],
    series: [limit(OLD, 0, ROLLOUT, 2), limit(NEW, ROLLOUT + 1, 120, newLimit)],
  });

  it('names the commit that set the limit the service now sits at, and that service', () => {
    const { findings, verdict } = analyze(bundleOf(parts(0.5)));
    expect(conditions(findings, 'saturation').map((f) => f.service)).toEqual(['ledger']);
    expect(verdict.best.suspect?.sha).toBe(cut.sha);
    expect(verdict.best.service).toBe('ledger');
  });

  it('sees no limit reached when the new pods kept room under theirs', () => {
    const { findings, verdict } = analyze(bundleOf(parts(2)));
    expect(conditions(findings, 'saturation')).toEqual([]);
    expect(verdict.best.suspect?.sha).not.toBe(cut.sha);
  });
});
