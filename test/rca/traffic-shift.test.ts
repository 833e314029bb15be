// Traffic shifted onto a backend that could not take it: a GitOps commit moved an HTTPRoute from 95/5 to 50/50 onto a
// one-pod canary, which then sat at its CPU limit; the commit is tied by that mechanism, and the canary is checkout's (holdout 400).
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { trackOf } from '../../src/rca/canary-tracks.js';
import { weightShifts } from '../../src/rca/traffic-shift.js';
import { change, condition, ctxFor } from './rank-findings.js';

const ROUTE = [
  'diff --git a/deploy/gateway/checkout-httproute.yaml b/deploy/gateway/checkout-httproute.yaml',
  '--- a/deploy/gateway/checkout-httproute.yaml',
  '+++ b/deploy/gateway/checkout-httproute.yaml',
  '@@ -16,7 +16,7 @@ spec:',
  '       backendRefs:',
  '         - name: checkout',
  '           port: 8080',
  '-          weight: 95',
  '+          weight: 50',
  '         - name: checkout-canary',
  '           port: 8080',
  '-          weight: 5',
  '+          weight: 50',
].join('\n');

describe('the weights a diff moved', () => {
  it('reads the backend whose share rose, under its name in the backendRefs', () => {
    expect(weightShifts(ROUTE)).toEqual([{ backend: 'checkout-canary', from: 5, to: 50, line: 'weight: 50' }]);
  });

  it('reads an Istio VirtualService destination by its host', () => {
    const vs = ['@@ -10,6 +10,6 @@', '     - destination:', '         host: reviews-v2', '-      weight: 10', '+      weight: 40'].join('\n');
    expect(weightShifts(vs).map((s) => [s.backend, s.from, s.to])).toEqual([['reviews-v2', 10, 40]]);
  });

  it('is none for a split moved back, a weight with no backend above it, or other numbers', () => {
    expect(weightShifts(ROUTE.replace('-          weight: 5', '-          weight: 60'))).toEqual([]);
    expect(weightShifts(['@@ -1,3 +1,3 @@', '-weight: 5', '+weight: 50'].join('\n'))).toEqual([]);
    expect(weightShifts(['@@ -1,3 +1,3 @@', '   - name: checkout', '-    replicas: 2', '+    replicas: 5'].join('\n'))).toEqual([]);
  });
});

describe('a canary and its service', () => {
  const services = new Set(['checkout', 'checkout-canary', 'catalog', 'payment-worker']);
  it('reads a track copy of a known service as that service', () => {
    expect(trackOf('checkout-canary', services)).toBe('checkout');
    expect(trackOf('checkout-v2', services)).toBe('checkout');
  });
  it('leaves a workload of its own, or a copy of no known service, as it is', () => {
    expect(trackOf('payment-worker', services)).toBeNull();
    expect(trackOf('search-canary', services)).toBeNull();
  });
});

describe('the change that shifted traffic onto a saturated backend', () => {
  const services = ['checkout', 'checkout-canary', 'catalog'];
  const cpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'checkout-canary', confidence: 0.45, summary: 'checkout-canary: CPU pressure (usage at 102 % of its limit)' });
  const shift = change('d2d6cc108498', 'gateway: checkout canary 5% -> 50%', 0.5, { relevance: 0.05, configOnly: true, paths: ['deploy/gateway/checkout-httproute.yaml'], shifts: weightShifts(ROUTE) });
  const release = change('17d6e91aaaaa', 'checkout: retry payment authorisation once on provider timeout', 8, { relevance: 0.3, paths: ['checkout/src/pay.go'] });

  it('names the shift, in checkout, over the canary\'s limit alone', () => {
    const v = rank([cpu, shift, release], ctxFor('checkout', services));
    expect(v.best.suspect?.sha).toBe(shift.change.sha);
    expect(v.best.service).toBe('checkout');
    expect(v.best.category).toBe('config_error');
    expect(v.best.summary).toContain('weight 5 → 50');
  });

  it('does not fire when the backend whose weight rose is not the one at its limit', () => {
    const other = condition({ ...cpu, service: 'catalog', summary: 'catalog: CPU pressure' });
    const v = rank([other, shift, release], ctxFor('checkout', services));
    expect(v.best.suspect?.sha).not.toBe(shift.change.sha);
  });
});
