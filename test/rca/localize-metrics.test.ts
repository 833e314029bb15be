// The metric-reading pieces of localization: counters read as rates and 5xx apart, usage that reached its limit,
// caller/callee labels of meshes and OpenTelemetry, and a caller's latency passed on to its callees.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { AnalysisContext } from '../../src/rca/context.js';
import { rank } from '../../src/rca/rank.js';
import { callEdge, mergeCallGraphs } from '../../src/rca/localize/call-edges.js';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { passOnToCallees } from '../../src/rca/localize/own-calls.js';
import { placesAfter } from '../../src/rca/localize/places.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { limitReading } from '../../src/rca/localize/saturation.js';
import { counterRate, isCounter, serverErrorStatus } from '../../src/rca/localize/series-shape.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;

describe('series shapes', () => {
  it('reads a counter sampled every minute on a 30 s step as a rate, not as alternating zeros', () => {
    const points: Array<[number, number]> = [];
    for (let i = 0; i <= 10; i++) points.push([BASE + i * 30_000, 600 * Math.floor(i / 2)]);
    expect(isCounter({ metric: 'http_requests_total', labels: {}, points })).toBe(true);
    expect(counterRate(points).map((p) => p[1])).toEqual([10, 10, 10, 10, 10]);
  });

  it('keeps a counter that stopped moving as a zero rate, and restarts from zero after a reset', () => {
    const points: Array<[number, number]> = [[0, 100], [60_000, 160], [120_000, 220], [180_000, 220], [240_000, 220], [300_000, 30]];
    expect(counterRate(points).map((p) => p[1])).toEqual([1, 1, 0, 0.5]);
  });

  it('tells server-error statuses from the rest by the usual label names', () => {
    expect(serverErrorStatus({ code: '503' })).toBe(true);
    expect(serverErrorStatus({ response_code: '200' })).toBe(false);
    expect(serverErrorStatus({ grpc_code: 'Unavailable' })).toBe(true);
    expect(serverErrorStatus({ service: 'cart' })).toBeNull();
  });
});

describe('usage at its limit', () => {
  const cpu = (before: number, after: number) => minuteSeries('pod_cpu_usage_percent', {}, BASE, 25, (m) => (m >= 20 ? after : before)).points;
  it('reaches the limit from a high level, but not by running hot all along or by a rise far below it', () => {
    expect(limitReading('pod_cpu_usage_percent', cpu(65, 99), ONSET)?.reached).toBe(true);
    expect(limitReading('pod_cpu_usage_percent', cpu(90, 97), ONSET)?.reached).toBe(false);
    expect(limitReading('pod_cpu_usage_percent', cpu(0.6, 6), ONSET)).toMatchObject({ reached: false, share: 0.06 });
    // A ratio of 1 is a limit; a metric with no share in its name has none.
    expect(limitReading('container_memory_utilization_ratio', cpu(0.3, 0.97), ONSET)?.reached).toBe(true);
    expect(limitReading('process_cpu_seconds', cpu(1, 50), ONSET)).toBeNull();
  });
});

describe('the pressure that names the category', () => {
  it('names the saturated resource and leads with it, even when its latency moved more on its own scale', () => {
    const pod = (svc: string) => ({ service: svc, pod: `${svc}-6d9f8b7c5-x2x9q` });
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, {
      series: [
        // Memory climbing to 93 % of its limit after the onset, and the pod's own latency jumping twentyfold.
        minuteSeries('pod_memory_usage_percent', pod('ledger'), BASE, 25, (m) => (m >= 20 ? 40 + (m - 19) * 10 : 40 + (m % 2))),
        minuteSeries('pod_server_latency_p90_seconds', pod('ledger'), BASE, 25, (m) => (m >= 20 ? 0.9 : 0.04 + (m % 3) * 0.001)),
        minuteSeries('pod_memory_usage_percent', pod('web'), BASE, 25, (m) => 30 + (m % 2)),
        minuteSeries('pod_server_latency_p90_seconds', pod('web'), BASE, 25, (m) => 0.2 + (m % 3) * 0.01),
      ],
    });
    const [top] = rankServices(metricSignals(b, ONSET));
    expect(top).toMatchObject({ service: 'ledger', category: 'resource_exhaustion', nature: 'memory pressure (usage at 90 % of its limit)' });
    expect(top!.signals[0]!.kind).toBe('memory');
    // The latency is still stated beside it.
    expect(top!.signals.map((s) => s.kind)).toContain('latency');
  });
});

describe('caller and callee labels', () => {
  it('reads the two ends of a call from Istio, Linkerd, OpenTelemetry and plain labels', () => {
    expect(callEdge({ source_workload: 'frontend', destination_workload: 'cart-v2', reporter: 'source' })).toEqual({ caller: 'frontend', callee: 'cart-v2' });
    expect(callEdge({ deployment: 'web', dst_deployment: 'voting', direction: 'outbound' })).toEqual({ caller: 'web', callee: 'voting' });
    expect(callEdge({ service_name: 'checkout', server_address: 'payment.shop.svc.cluster.local:8080' })).toEqual({ caller: 'checkout', callee: 'payment' });
    expect(callEdge({ client: 'api', server: 'db' })).toEqual({ caller: 'api', callee: 'db' });
    // Traffic from outside the mesh has no caller to speak of.
    expect(callEdge({ source_workload: 'unknown', destination_workload: 'frontend' })).toBeNull();
    expect(callEdge({ service: 'cart', pod: 'cart-579f59597d-wc2lz' })).toBeNull();
  });

  it('merges the call graphs seen by logs and by metrics', () => {
    const g = mergeCallGraphs(new Map([['a', new Set(['b'])]]), new Map([['a', new Set(['c'])], ['c', new Set(['d'])]]));
    expect([...g.get('a')!].sort()).toEqual(['b', 'c']);
    expect([...g.get('c')!]).toEqual(['d']);
  });

  it('scores an edge series for its callee and passes a caller\'s latency on when its own calls slowed', () => {
    const edge = (src: string, dst: string, usual: number, after: number) =>
      minuteSeries('request_duration_seconds', { source_workload: src, destination_workload: dst }, BASE, 25, (m) => (m >= 20 ? after : usual) * (1 + 0.03 * Math.sin(m)));
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, {
      series: [edge('frontend', 'checkout', 0.08, 0.55), edge('checkout', 'cart', 0.01, 0.45), edge('frontend', 'cart', 0.012, 0.45), edge('frontend', 'ads', 0.02, 0.02)],
    });
    const { signals } = metricSignals(b, ONSET);
    expect(signals.find((s) => s.service === 'cart')?.kind).toBe('latency');
    // checkout's inbound latency rose because its call to cart did: a symptom, not its own latency.
    const checkout = signals.find((s) => s.service === 'checkout');
    expect(checkout?.kind).toBe('client_latency');
    expect(checkout?.what).toContain('waiting on a callee');
    expect(signals.some((s) => s.service === 'ads')).toBe(false);
  });
});

describe('passing a caller\'s trouble on', () => {
  const sig = (service: string, kind: ServiceSignal['kind']): ServiceSignal => ({ service, kind, family: kind, z: 9, start: null, what: `${service} moved`, evidence: null });
  it('re-reads latency and errors of a waiting caller, keeps its resource pressure, and keeps all when nobody else moved', () => {
    const out = passOnToCallees([sig('frontend', 'latency'), sig('frontend', 'errors'), sig('frontend', 'cpu'), sig('cart', 'latency')], new Map([['frontend', 'its calls slowed']]));
    expect(out.map((s) => `${s.service}:${s.kind}`)).toEqual(['frontend:client_latency', 'frontend:client_errors', 'frontend:cpu', 'cart:latency']);
    const alone = [sig('frontend', 'latency')];
    expect(passOnToCallees(alone, new Map([['frontend', 'its calls slowed']]))).toEqual(alone);
  });

  it('passes on the trouble of two callers whose calls slowed at once, and keeps it beside only weak company', () => {
    // A delay on a callee's network path: both its callers' client latency rose, the callee itself shows nothing.
    const both = new Map([['frontend', 'its calls slowed'], ['checkout', 'its calls slowed']]);
    const out = passOnToCallees([sig('frontend', 'latency'), sig('checkout', 'latency'), sig('checkout', 'memory')], both);
    expect(out.map((s) => `${s.service}:${s.kind}`)).toEqual(['frontend:client_latency', 'checkout:client_latency', 'checkout:memory']);
    // Near miss: the other caller moved only on its own scale (weak), which is no company to pass the blame to.
    const weakOther = passOnToCallees([sig('frontend', 'latency'), { ...sig('checkout', 'latency'), weak: true }], both);
    expect(weakOther[0]).toEqual(sig('frontend', 'latency'));
  });
});

describe('usage with no limit to speak of', () => {
  it('takes a percent far past 100 for a share of something else (CPU percent of one core), not of a limit', () => {
    const points = minuteSeries('container_cpu_percent', {}, BASE, 25, (m) => (m >= 20 ? 250 : 40)).points;
    expect(limitReading('container_cpu_percent', points, ONSET)).toBeNull();
  });
});

describe('a report too weak to state a cause', () => {
  it('names the localizer\'s leading service, where the walk from the symptom ended, not the service the errors were seen in', () => {
    const ctx: AnalysisContext = {
      from: BASE, to: BASE + 25 * MIN, onset: ONSET, onsetBasis: [], rate: null, affectedService: 'frontend', related: [],
      services: new Set(['frontend', 'checkout']), entities: new Set(), growth: null,
    };
    const candidate = (service: string, confidence: number): Finding => ({
      kind: 'condition', condition: 'anomaly', category: 'dependency_failure', service, analyzer: 'localize',
      summary: `${service}: latency`, confidence, evidence: [], timeline: [], recommendation: `look at ${service}`,
    });
    const verdict = rank([candidate('checkout', 0.29), candidate('frontend', 0.22)], ctx);
    expect(verdict.best.category).toBe('unknown');
    expect(verdict.best.service).toBe('checkout');
    expect(verdict.best.summary).toContain('checkout moved most');
    // With nothing ranked, the errors' own service is all there is to name.
    expect(rank([], ctx).best.service).toBe('frontend');
  });

  it('keeps a dependency category when the lead\'s handling time rose with its own calls\' time, too weak to name the callee', () => {
    const ctx: AnalysisContext = {
      from: BASE, to: BASE + 25 * MIN, onset: ONSET, onsetBasis: [], rate: null, affectedService: 'frontend', related: [],
      services: new Set(['frontend', 'checkout']), entities: new Set(), growth: null,
    };
    const candidate = (service: string, confidence: number, waits?: boolean): Finding => ({
      kind: 'condition', condition: 'anomaly', category: 'dependency_failure', service, analyzer: 'localize', ...(waits ? { waits } : {}),
      summary: `${service}: latency`, confidence, evidence: [], timeline: [], recommendation: `look at ${service}`,
    });
    const verdict = rank([candidate('checkout', 0.28, true), candidate('frontend', 0.22, true)], ctx);
    expect(verdict.best).toMatchObject({ category: 'dependency_failure', service: 'checkout' });
    expect(verdict.best.confidence).toBeLessThan(0.3);
    expect(verdict.best.summary).toContain('its own calls');
    // Where the lead is the service the errors were seen in, it is named in the sentence that says it waits.
    expect(rank([candidate('checkout', 0.28, true)], { ...ctx, affectedService: 'checkout' }).best.summary).toContain("checkout's handling time rose with its own calls' time");
    // Near miss: the same weak lead with no calls of its own slowing says only where it moved, not what kind of fault.
    expect(rank([candidate('checkout', 0.28), candidate('frontend', 0.22, true)], ctx).best.category).toBe('unknown');
  });

  it('keeps a dependency category for a weak lead placed above a caller that waits on its calls, as what it may wait on', () => {
    const ctx: AnalysisContext = {
      from: BASE, to: BASE + 25 * MIN, onset: ONSET, onsetBasis: [], rate: null, affectedService: 'frontend', related: [],
      services: new Set(['frontend', 'checkout', 'shipping']), entities: new Set(), growth: null,
    };
    const candidate = (service: string, confidence: number, extra: { waits?: boolean; waitedBy?: string } = {}): Finding => ({
      kind: 'condition', condition: 'anomaly', category: 'dependency_failure', service, analyzer: 'localize', ...extra,
      summary: `${service}: latency`, confidence, evidence: [], timeline: [], recommendation: `look at ${service}`,
    });
    const verdict = rank([candidate('shipping', 0.2, { waitedBy: 'checkout' }), candidate('checkout', 0.19, { waits: true })], ctx);
    expect(verdict.best).toMatchObject({ category: 'dependency_failure', service: 'shipping' });
    expect(verdict.best.summary).toContain("checkout's handling time rose with its own calls' time, and shipping");
    // Near miss: the same weak lead placed for no waiting caller names only where it moved.
    const alone = rank([candidate('shipping', 0.2), candidate('checkout', 0.19, { waits: true })], ctx);
    expect(alone.best).toMatchObject({ category: 'unknown', service: 'shipping' });
    expect(alone.best.summary).not.toContain('may be the dependency');
  });
});

describe('the incident text choosing what is the symptom', () => {
  const sig = (service: string, kind: ServiceSignal['kind'], z: number): ServiceSignal => ({ service, kind, family: `${kind}-family`, z, start: null, what: `${service} ${kind}`, evidence: null });
  const set = { signals: [sig('frontend', 'errors', 12), sig('checkout', 'errors', 8)], population: new Map([['errors-family', 6]]) };
  it('discounts the named service\'s errors when the text reports errors there, not when it reports latency', () => {
    expect(rankServices(set, { reportedOn: ['frontend'], reportedSignal: 'errors' })[0]!.service).toBe('checkout');
    expect(rankServices(set, { reportedOn: ['frontend'], reportedSignal: 'latency' })[0]!.service).toBe('frontend');
  });

  it('does not discount requests that stopped reaching the named service: its callers see that, not the engineer', () => {
    // "route queries failing": the route service is named, and requests stopped reaching it from the service calling it.
    const flows = { signals: [sig('route', 'flow_break', 12), sig('basic', 'errors', 9)], population: new Map([['flow_break-family', 6], ['errors-family', 6]]) };
    expect(rankServices(flows, { reportedOn: ['route'], reportedSignal: 'errors' })[0]!.service).toBe('route');
    expect(rankServices({ ...flows, signals: [sig('route', 'errors', 12), sig('basic', 'errors', 9)] }, { reportedOn: ['route'], reportedSignal: 'errors' })[0]!.service).toBe('basic');
  });

  it('reads CPU that rose but stayed far below its limit as activity, not as resource pressure', () => {
    const pod = (svc: string) => ({ service: svc, pod: `${svc}-6d5f7c8b9-x2k4q` });
    const b = handBundle('latency up', { from: BASE, to: BASE + 25 * MIN }, {
      series: [
        minuteSeries('pod_cpu_usage_percent', pod('orders'), BASE, 25, (m) => (m >= 20 ? 6 : 0.6 + 0.02 * Math.sin(m))),
        minuteSeries('pod_cpu_usage_percent', pod('users'), BASE, 25, (m) => 0.8 + 0.02 * Math.sin(m)),
      ],
    });
    const { signals } = metricSignals(b, ONSET);
    const orders = signals.find((s) => s.service === 'orders')!;
    expect(orders.kind).toBe('traffic');
    expect(orders.what).toContain('far below its limit');
    expect(rankServices(metricSignals(b, ONSET))[0]!.category).not.toBe('resource_exhaustion');
  });
});

describe('a ranked list in two tiers', () => {
  const sig = (service: string, kind: ServiceSignal['kind'], z: number): ServiceSignal => ({ service, kind, family: `${kind}-family`, z, start: null, what: `${service} ${kind}`, evidence: null });
  it('puts a service with a clear signal of its own above callers whose evidence is mostly their own calls, however large', () => {
    const set = {
      signals: [
        sig('checkout', 'client_latency', 4000),
        sig('orders', 'client_latency', 3000),
        sig('orders', 'client_errors', 40),
        sig('inventory', 'latency', 8),
        // CPU activity far below its limit is too weak a signal of its own to lift a waiting caller out of its tier.
        sig('config', 'client_latency', 7000),
        sig('config', 'traffic', 4.9),
      ],
      population: new Map([['client_latency-family', 6], ['client_errors-family', 6], ['latency-family', 8], ['traffic-family', 8]]),
    };
    const ranked = rankServices(set);
    expect(ranked.map((c) => c.service)).toEqual(['inventory', 'orders', 'config', 'checkout']);
    // The waiting callers outweigh it; the why says what puts it first anyway.
    expect(ranked[1]!.score).toBeGreaterThan(ranked[0]!.score);
    expect(ranked[0]!.why).toContain('orders only waits on its calls');
    expect(ranked[3]!.why).toContain('the last service');
  });
});

describe('places after the root cause', () => {
  it('names four more services, a second word on a service already named taking no place', () => {
    const h = (service: string | null) => ({ service });
    const best = h('inventory');
    const rest = [h('inventory'), h('checkout'), h('orders'), h('checkout'), h('shipping'), h('frontend'), h('auth')];
    expect(placesAfter(best, rest).map((x) => x.service)).toEqual(['inventory', 'checkout', 'orders', 'checkout', 'shipping', 'frontend']);
    // A hypothesis that names no service takes a place of its own.
    expect(placesAfter(h(null), [h(null), h(null), h('a'), h('b'), h('c')]).map((x) => x.service)).toEqual([null, null, 'a', 'b']);
  });
});
