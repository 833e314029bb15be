// A workload held at its autoscaler's ceiling: the analyzer's capacity condition from kube-state-metrics' HPA series,
// the ranking naming the change that lowered that very ceiling however old it is, and the diffs the git source reads.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { pickCandidateCommits } from '../../src/core/sources/git-candidates.js';
import { autoscalerCeiling } from '../../src/rca/analyzers/autoscaler-ceiling.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { changedSettingsByFile } from '../../src/rca/relevance.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { analyze, BASE, bundleOf, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, handBundle, signature, span } from './helpers.js';
import { ctxFor } from './rank-findings.js';

const HPA = 'kube_horizontalpodautoscaler';
/** kube-state-metrics as Prometheus scrapes it: its own job, instance and service labels on every series. */
const id = (name: string) => ({ namespace: 'shop', horizontalpodautoscaler: name, job: 'kube-state-metrics', service: 'kube-state-metrics' });

interface Shape {
  max: number;
  /** Replicas by minute of the two hours. */
  current: (m: number) => number;
  desired: (m: number) => number;
  /** From this minute on the autoscaler reports ScalingLimited (never when absent). */
  limitedFrom?: number;
  /** Its CPU utilisation by minute, against a target of 70 (no target series when absent). */
  cpu?: (m: number) => number;
}

/** One HPA's series over the two hours, as kube-state-metrics exports them. */
function hpa(name: string, shape: Shape): SeriesSamples[] {
  const limited = (m: number) => (shape.limitedFrom !== undefined && m >= shape.limitedFrom ? 1 : 0);
  return [
    samples(`${HPA}_spec_max_replicas`, id(name), () => shape.max),
    samples(`${HPA}_spec_min_replicas`, id(name), () => 2),
    samples(`${HPA}_status_current_replicas`, id(name), shape.current),
    samples(`${HPA}_status_desired_replicas`, id(name), shape.desired),
    samples(`${HPA}_status_condition`, { ...id(name), condition: 'ScalingLimited', status: 'true' }, limited),
    samples(`${HPA}_status_condition`, { ...id(name), condition: 'ScalingLimited', status: 'false' }, (m) => 1 - limited(m)),
    ...(shape.cpu
      ? [
          samples(`${HPA}_spec_target_metric`, { ...id(name), metric_name: 'cpu', metric_target_type: 'utilization' }, () => 70),
          samples(`${HPA}_status_target_metric`, { ...id(name), metric_name: 'cpu', metric_target_type: 'utilization' }, shape.cpu),
        ]
      : []),
  ];
}

/** Replicas climbing with the lunchtime load from 3 to `top`, one more every 12 minutes from minute 20. */
const climbing = (top: number) => (m: number) => Math.min(top, 3 + Math.max(0, Math.floor((m - 20) / 12)));

function analyzed(series: SeriesSamples[]): ConditionFinding[] {
  const bundle = handBundle('cart: adding items fails with 503', { from: BASE, to: BASE + 120 * MIN }, { series });
  return autoscalerCeiling.analyze(bundle, { ...ctxFor('cart-api', ['cart-api', 'orders-api']), from: BASE, to: BASE + 120 * MIN, onset: BASE + ONSET * MIN }) as ConditionFinding[];
}

describe('the autoscaler-ceiling analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(autoscalerCeiling);
  });

  it("finds a workload at its maximum of 6 that desires more (8 at the onset), in the service the HPA is named after, quoting its series", () => {
    const [f, ...rest] = analyzed(hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(9) }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'condition', condition: 'capacity', category: 'capacity', service: 'cart-api', ceiling: 6, analyzer: 'autoscaler-ceiling' });
    expect(f!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(f!.summary).toContain("cart-api was held at its autoscaler's ceiling of 6 replicas");
    expect(f!.summary).toContain('wanting 8');
    expect(f!.evidence.map((e) => e.quote)).toContain(`${HPA}_status_current_replicas`);
    // It reached 6 at minute 56 (3 + 3 steps of 12 minutes from minute 20), before the onset at minute 80.
    expect(f!.timeline[0]?.time).toBe(new Date(BASE + 56 * MIN).toISOString());
  });

  it('reads desired == max with ScalingLimited true, or the metric past its target, as wanting more', () => {
    const [limited] = analyzed(hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(6), limitedFrom: 60 }));
    expect(limited).toMatchObject({ service: 'cart-api', ceiling: 6 });
    expect(limited!.summary).toContain('ScalingLimited');
    const [over] = analyzed(hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(6), cpu: (m) => (m < 56 ? 65 : 96) }));
    expect(over!.summary).toContain('cpu at 96 against a target of 70');
    expect(limited!.confidence).toBeGreaterThan(over!.confidence);
  });

  it('does not fire at the maximum when the autoscaler wants no more (desired == current, no ScalingLimited, metric on target)', () => {
    expect(analyzed(hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(6) }))).toEqual([]);
    expect(analyzed(hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(6), cpu: () => 72 }))).toEqual([]);
  });

  it('does not fire below the maximum, however much more it desires', () => {
    expect(analyzed(hpa('cart-api', { max: 20, current: climbing(8), desired: climbing(12), limitedFrom: 60 }))).toEqual([]);
    // Nor when it reached the maximum only well after the onset.
    expect(analyzed(hpa('cart-api', { max: 6, current: (m) => (m < 95 ? 4 : 6), desired: (m) => (m < 95 ? 4 : 9) }))).toEqual([]);
  });

  it("names the workload KEDA's HPA scales or the HPA's scaleTargetRef names, and each HPA apart", () => {
    const found = analyzed([
      ...hpa('keda-hpa-cart-worker', { max: 4, current: climbing(4), desired: climbing(7) }),
      ...hpa('orders-api', { max: 12, current: () => 3, desired: () => 3 }),
      ...hpa('storefront-scaler', { max: 5, current: climbing(5), desired: climbing(5), limitedFrom: 70 }),
      samples(`${HPA}_info`, { ...id('storefront-scaler'), scaletargetref_kind: 'Deployment', scaletargetref_name: 'storefront' }, () => 1),
    ]);
    expect(found).toMatchObject([
      { service: 'cart-worker', ceiling: 4 },
      { service: 'storefront', ceiling: 5 },
    ]);
  });
});

describe('changed settings file by file', () => {
  it('keeps one key set in two files apart, with the file it was set in and its added line', () => {
    const diff = [
      'diff --git a/deploy/cart-api/hpa.yaml b/deploy/cart-api/hpa.yaml',
      '--- a/deploy/cart-api/hpa.yaml',
      '+++ b/deploy/cart-api/hpa.yaml',
      '-  maxReplicas: 20',
      '+  maxReplicas: 6',
      'diff --git a/deploy/orders-api/hpa.yaml b/deploy/orders-api/hpa.yaml',
      '-  maxReplicas: 12',
      '+  maxReplicas: 4',
    ].join('\n');
    expect(changedSettingsByFile(diff, [])).toEqual([
      { path: 'deploy/cart-api/hpa.yaml', key: 'maxReplicas', from: '20', to: '6', line: '+  maxReplicas: 6' },
      { path: 'deploy/orders-api/hpa.yaml', key: 'maxReplicas', from: '12', to: '4', line: '+  maxReplicas: 4' },
    ]);
  });
});

describe('a ceiling lowered the day before and reached at the next peak', () => {
  const DAY_BEFORE = BASE + (ONSET - 20 * 60) * MIN;
  const cap = commit('cafe0001', 'Cap shop autoscaling at the reserved node pool', DAY_BEFORE, ['deploy/cart-api/hpa.yaml', 'deploy/orders-api/hpa.yaml'], 'Platform Team');
  const own = commit('cafe0002', 'Keep stock availability on cart lines in the cache', BASE + (ONSET - 12) * MIN, ['cart-api/src/CartRepository.cs']);
  const hpaDiff = (cart: string, orders: string) =>
    [
      'diff --git a/deploy/cart-api/hpa.yaml b/deploy/cart-api/hpa.yaml',
      '   minReplicas: 3',
      `-  maxReplicas: 20`,
      `+  maxReplicas: ${cart}`,
      'diff --git a/deploy/orders-api/hpa.yaml b/deploy/orders-api/hpa.yaml',
      '-  maxReplicas: 12',
      `+  maxReplicas: ${orders}`,
    ].join('\n');
  const parts = (cart: string, orders: string) => ({
    signatures: [signature({ template: 'POST /api/v1/cart/items 503 Service Unavailable', service: 'cart-api', base: BASE, minutes: span(ONSET, 120, 8) })],
    errorRates: [errorRate('cart-api', BASE, 120, ONSET)],
    deployments: [deployment('platform-2026.01.09', DAY_BEFORE, [cap]), deployment('cart-api-4.12.0', BASE + (ONSET - 12) * MIN, [own])],
    diffs: {
      [cap.sha]: hpaDiff(cart, orders),
      [own.sha]: '+    public Task SetAvailabilityAsync(string id, bool available) => _db.HashSetAsync(id, "avail", available);\n',
    },
    series: [...hpa('cart-api', { max: 6, current: climbing(6), desired: climbing(6), limitedFrom: 62, cpu: (m) => (m < 56 ? 60 : 97) }), ...hpa('orders-api', { max: 6, current: () => 2, desired: () => 2 })],
  });

  it('names the day-old commit that lowered the maximum to the 6 replicas held, as a configuration error, and rules out the own release', () => {
    const { verdict } = analyze(bundleOf(parts('6', '6')));
    expect(verdict.best.suspect?.sha).toBe(cap.sha);
    expect(verdict.best.category).toBe('config_error');
    expect(verdict.best.service).toBe('cart-api');
    expect(verdict.best.summary).toContain('maxReplicas changed from 20 to 6 in deploy/cart-api/hpa.yaml');
    expect(verdict.best.summary).toContain('lowered');
    const herring = verdict.ruledOut.find((r) => r.what.includes('cart-api-4.12.0'));
    expect(herring?.reason).toContain("held at its autoscaler's maximum of 6 replicas");
  });

  it('does not name a commit that set the maximum to another value, even where another service got the value held', () => {
    for (const [cart, orders] of [
      ['10', '4'],
      ['10', '6'],
    ] as const) {
      const { verdict } = analyze(bundleOf(parts(cart, orders)));
      expect(verdict.best.suspect).toBeNull();
      // The ceiling simply reached: capacity, in the service held at it, and no release blamed on timing alone.
      expect(verdict.best.category).toBe('capacity');
      expect(verdict.best.service).toBe('cart-api');
      expect(verdict.ruledOut.some((r) => r.what.includes('cart-api-4.12.0'))).toBe(true);
    }
  });
});

describe('the diffs the git source reads', () => {
  const at = (h: number) => Date.parse('2026-03-18T12:00:00Z') + h * 3_600_000;
  const mk = (sha: string, h: number, files: string[]) => commit(sha, `change ${sha}`, at(h), files);
  const history = (commits: Array<ReturnType<typeof commit>>) => ({
    deployments: { call_id: 'c1', tool: 'git__get_deployments', data: commits.map((c, i) => deployment(`r${i}`, Date.parse(c.time), [c])) },
    commits: null,
  });

  it('adds older commits that only changed deployment manifests, after the recent ones and within the limit', () => {
    const recent = mk('aaaa0001', -1, ['cart-api/src/app.cs']);
    const manifest = mk('aaaa0002', -19, ['deploy/cart-api/hpa.yaml', 'deploy/orders-api/hpa.yaml']);
    const values = mk('aaaa0003', -20, ['charts/cart-api/values-prod.yaml']);
    const code = mk('aaaa0004', -18, ['cart-api/src/cart.cs']);
    const old = mk('aaaa0005', -30, ['deploy/cart-api/hpa.yaml']);
    const h = history([recent, manifest, values, code, old]);
    expect(pickCandidateCommits(h, at(-12), at(0), 10, at(-24))).toEqual([recent.sha, manifest.sha, values.sha]);
    expect(pickCandidateCommits(h, at(-12), at(0), 2, at(-24))).toEqual([recent.sha, manifest.sha]);
    expect(pickCandidateCommits(h, at(-12), at(0), 10)).toEqual([recent.sha]);
  });
});
