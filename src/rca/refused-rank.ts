// A workload at its limit while the platform refuses its new pods: the scale-up that would have relieved it was blocked,
// so the cause is whatever blocks it (a policy, a quota: configuration), not the pods running out of a resource.
import type { Hypothesis } from './hypothesis.js';
import type { ConditionFinding } from './change-settings.js';
import { REFUSED_PODS } from './analyzers/refused-pods.js';

export function rankRefusedPods(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  const refused = conditions.filter((k) => k.analyzer === REFUSED_PODS && k.service);
  if (refused.length === 0) return;
  for (const h of hypotheses) {
    if (h.category !== 'resource_exhaustion') continue;
    // The limit was hit in a service whose new pods were refused (CPU at the limit, replicas held at the desired count).
    const limit = h.support.find((f): f is ConditionFinding => f.kind === 'condition' && f.condition === 'saturation');
    const by = refused.find((k) => k.service === (limit?.service ?? h.service));
    if (!limit || !by) continue;
    h.category = 'config_error';
    h.summary += `; its new pods are refused, so it could not scale out of it`;
    h.support.push(by);
  }
}
