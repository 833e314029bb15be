// A workload at its CPU limit during a peak while an admission policy refuses every new pod its autoscaler asks for:
// the refusal is read from the ReplicaSet's FailedCreate events, and the limit is a blocked scale-up (config), not exhaustion.
import { describe, expect, it } from 'vitest';
import { refusedPods } from '../../src/rca/analyzers/refused-pods.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { handBundle, signature, span } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const ctx = ctxFor('orders', ['orders', 'payments']);
const DENIED = 'FailedCreate: Error creating: admission webhook "validate.policy.example" denied the request:';
const QUOTA = 'FailedCreate: Error creating: pods "orders-6f9c-x2" is forbidden: exceeded quota: team-quota, requested: cpu=1, used: cpu=8, limited: cpu=8';
const TRANSIENT = 'FailedCreate: Error creating: Timeout: request did not complete within requested timeout';

/** The FailedCreate events of `service` every few minutes over [a, b) minutes from the onset. */
function events(template: string, a: number, b: number, service = 'orders') {
  return signature({ template, service, base: ONSET, minutes: span(a, b, 3), level: 'warn' });
}

function analyzed(...sigs: ReturnType<typeof events>[]): ConditionFinding[] {
  const bundle = handBundle('orders slow since 14:00', { from: BASE, to: ONSET + 30 * MIN }, { signatures: sigs });
  return refusedPods.analyze(bundle, ctx) as ConditionFinding[];
}

describe('pods the platform refused to create', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(refusedPods);
  });

  it('reads an admission denial and an exceeded quota around the onset as refused pods, below the level of a rival cause', () => {
    const [f] = analyzed(events(DENIED, -12, 20));
    expect(f).toMatchObject({ condition: 'capacity', category: 'config_error', service: 'orders' });
    expect(f!.confidence).toBeLessThan(0.5);
    expect(f!.evidence[0]?.quote).toContain('denied the request');
    expect(analyzed(events(QUOTA, -5, 20))).toMatchObject([{ service: 'orders' }]);
  });

  it('does not read a transient API error, or refusals that ended long before the onset', () => {
    expect(analyzed(events(TRANSIENT, -12, 20))).toEqual([]);
    expect(analyzed(events(DENIED, -50, -30))).toEqual([]);
  });

  it('names the policy change behind a limit hit while new pods were refused as config_error, not resource_exhaustion', () => {
    const policy = change('d78cfaa49b34d3f3ceb65c7b0f7171c053f451e3', 'platform: enforce the restricted pod security policy', 45, { configOnly: true, paths: ['platform/policies/restricted.yaml'] });
    const cpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'orders', confidence: 0.5, leads: true });
    const [refusal] = analyzed(events(DENIED, -12, 20));
    const before = rank([policy, cpu], ctx);
    expect(before.best.category).toBe('resource_exhaustion');
    const after = rank([policy, cpu, refusal!], ctx);
    expect(after.best.suspect?.sha).toBe(policy.change.sha);
    expect(after.best.category).toBe('config_error');
    expect(after.best.summary).toContain('new pods are refused');
  });

  it('leaves exhaustion alone when the refused pods belong to another service', () => {
    const cpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'orders', confidence: 0.6, leads: true });
    const [other] = analyzed(events(DENIED, -12, 20, 'payments'));
    expect(rank([cpu, other!], ctx).best.category).toBe('resource_exhaustion');
  });
});
