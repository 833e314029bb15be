// A workload left without its replicas at the onset: the replicas-down analyzer's crash_loop condition from
// kube-state-metrics' available or ready replicas, stronger at zero and when the platform's own events say why.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { replicasDown } from '../../src/rca/analyzers/replicas-down.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { handBundle, minuteSeries, signature, span } from './helpers.js';
import { ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const AVAILABLE = 'kube_deployment_status_replicas_available';
const ctx = ctxFor('checkout', ['checkout', 'payments', 'storefront']);

/** Replicas every minute from an hour before the onset to 30 minutes after: `usual`, and `low` over minutes [a, b) from the onset. */
function replicas(labels: Record<string, string>, usual: number, low: number, a: number, b: number, metric = AVAILABLE): SeriesSamples {
  return minuteSeries(metric, { namespace: 'shop', ...labels }, BASE, 90, (m) => (m - 60 >= a && m - 60 < b ? low : usual));
}

/** A related signature of `service` with this template, a few entries from the onset on. */
function told(service: string, template: string): RelatedSignature {
  const sig = signature({ template, service, base: ONSET, minutes: span(0, 3), level: 'warn' });
  return { sig, service, pre: 0, post: 3, isNew: true, weight: 0.2 };
}

function analyzed(series: SeriesSamples[], related: RelatedSignature[] = [], onset: number | null = ONSET): ConditionFinding[] {
  const bundle = handBundle('checkout: orders fail since 14:00 UTC', { from: BASE, to: ONSET + 30 * MIN }, {
    series,
    ...(related.length ? { signatures: related.map((r) => r.sig) } : {}),
  });
  return replicasDown.analyze(bundle, { ...ctx, onset, related }) as ConditionFinding[];
}

describe('the replicas-down analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(replicasDown);
  });

  it('reads no recovery in an unavailable-replicas count, and says one workload once over its available and ready series', () => {
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, -1, 30, 'kube_deployment_status_unavailable_replicas')])).toEqual([]);
    const both = analyzed([replicas({ deployment: 'payments' }, 3, 1, -1, 30), replicas({ deployment: 'payments' }, 3, 0, -1, 30, 'kube_deployment_status_replicas_ready')]);
    expect(both).toHaveLength(1);
    expect(both[0]!.summary).toContain('payments had no ready replicas');
  });

  it('finds a deployment whose available replicas fell from 3 to 0 a minute before the onset, quoting the series', () => {
    const [f, ...rest] = analyzed([replicas({ deployment: 'payments' }, 3, 0, -1, 30)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'condition', condition: 'crash_loop', category: 'infrastructure', service: 'payments', analyzer: 'replicas-down' });
    expect(f!.confidence).toBeCloseTo(0.65, 10);
    expect(f!.summary).toContain('payments had no available replicas');
    expect(f!.evidence).toHaveLength(1);
    expect(f!.evidence[0]).toMatchObject({ call_id: 'series', tool: 'metrics__query_range' });
    expect(f!.evidence[0]!.quote).toContain(AVAILABLE);
    expect(f!.timeline[0]?.time).toBe(new Date(ONSET - MIN).toISOString());
    expect(f!.recommendation).toContain('payments');
  });

  it('takes a fall to half or fewer at 0.5, not a fall to more than half', () => {
    const [one] = analyzed([replicas({ deployment: 'payments' }, 3, 1, 0, 30)]);
    expect(one).toMatchObject({ service: 'payments', confidence: 0.5 });
    expect(one!.summary).toContain('only 1 of its 3');
    expect(analyzed([replicas({ deployment: 'payments' }, 4, 2, 0, 30)])).toMatchObject([{ service: 'payments', confidence: 0.5 }]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 2, 0, 30)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 4, 3, 0, 30)])).toEqual([]);
  });

  it('reads ready replicas and statefulsets and daemonsets too, under either spelling of the metric', () => {
    expect(analyzed([replicas({ statefulset: 'ledger-db' }, 3, 0, 0, 30, 'kube_statefulset_status_replicas_ready')])).toMatchObject([{ service: 'ledger-db', condition: 'crash_loop' }]);
    expect(analyzed([replicas({ daemonset: 'node-agent' }, 6, 2, 2, 30, 'kube_daemonset_status_ready_replicas')])).toMatchObject([{ service: 'node-agent', confidence: 0.5 }]);
    expect(analyzed([replicas({ deployment: 'payments' }, 2, 0, 0, 30, 'deployment_available_replicas')])).toMatchObject([{ service: 'payments' }]);
  });

  it('finds nothing when the drop ended before onset-5min or began after onset+5min, and finds the edges of that window', () => {
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, -20, -6)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 6, 30)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, -20, -5)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, -5, -4)])).toMatchObject([{ service: 'payments' }]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 5, 30)])).toMatchObject([{ service: 'payments' }]);
  });

  it('finds nothing without a workload label, for another replicas metric, for a workload scaled to zero, or without an onset', () => {
    expect(analyzed([replicas({ pod: 'payments-7d9f8c6b5-x2x4q' }, 3, 0, 0, 30)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 0, 30, 'kube_deployment_spec_replicas')])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 0, 30, 'kube_deployment_status_replicas_available_total')])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'reports' }, 0, 0, 0, 30)])).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 0, 30)], [], null)).toEqual([]);
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 0, 0, 30)])).toHaveLength(1);
  });

  it('needs three points before onset-5min to know the usual count', () => {
    const full = replicas({ deployment: 'payments' }, 3, 0, 0, 30);
    const short = (from: number): SeriesSamples => ({ ...full, points: full.points.filter(([t]) => t >= ONSET - from * MIN) });
    expect(analyzed([short(7)])).toEqual([]);
    expect(analyzed([short(8)])).toMatchObject([{ service: 'payments' }]);
  });

  it('is surer when the platform said it took the pods of that very service, and quotes that too', () => {
    const series = [replicas({ deployment: 'payments' }, 3, 0, 0, 30)];
    const evicted = told('payments', 'Pod <*> evicted: node ip-10-0-3-7 is not ready');
    const [f] = analyzed(series, [evicted]);
    expect(f!.confidence).toBeCloseTo(0.8, 10);
    expect(f!.summary).toContain('evicted: node ip-10-0-3-7 is not ready');
    expect(f!.evidence).toHaveLength(2);
    expect(f!.evidence[1]).toMatchObject({ call_id: 'sig', tool: 'logs__error_signatures' });
    expect(analyzed([replicas({ deployment: 'payments' }, 3, 1, 0, 30)], [told('payments', 'Preempted by scheduler: spot capacity reclaimed on <*>')])).toMatchObject([{ confidence: 0.65 }]);
    // Another service's evictions, or the service's own errors, say nothing about where its pods went.
    expect(analyzed(series, [told('storefront', 'Pod <*> evicted: node ip-10-0-3-7 is not ready')])[0]!.confidence).toBeCloseTo(0.65, 10);
    expect(analyzed(series, [told('payments', 'charge <*> failed: card declined')])[0]!.confidence).toBeCloseTo(0.65, 10);
  });

  it('names each workload that lost its replicas, and leaves those that kept them', () => {
    const found = analyzed([
      replicas({ deployment: 'payments' }, 3, 0, 0, 30),
      replicas({ deployment: 'storefront' }, 4, 4, 0, 30),
      replicas({ deployment: 'checkout' }, 6, 2, -2, 30),
    ]);
    expect(found.map((f) => f.service).sort()).toEqual(['checkout', 'payments']);
  });
});
