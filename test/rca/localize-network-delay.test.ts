// A delay added on one service's network path (netem, a lossy link) slows every synchronous caller above it by as much:
// the walk follows handling time down the call graph to the deepest service that answers slower, and on to its store.
import { describe, expect, it } from 'vitest';
import { rpcSpanGraph } from '../../src/rca/localize/rpc-span-edges.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-05-14T15:00:00Z');
const SPANS = 'traces_span_metrics_duration_milliseconds_p90';
const POPULATION = new Map([[SPANS, 8], ['k8s_pod_cpu_utilization_ratio', 12]]);

function sig(service: string, kind: ServiceSignal['kind'], family: string, z: number): ServiceSignal {
  return { service, kind, family, z, start: null, what: `${family} of ${service} rose`, evidence: null };
}
/** A span metrics series of `service`'s spans of one kind and name (the collector's spanmetrics connector labels). */
const span = (service: string, kind: 'CLIENT' | 'SERVER', name: string) =>
  minuteSeries(SPANS, { job: `shop/${service}`, service_name: service, span_kind: `SPAN_KIND_${kind}`, span_name: name }, BASE, 30, () => 40);

describe('gRPC client spans as call-graph edges', () => {
  it('names the gRPC service of a client span (package.Service/Method) as its callee, as written', () => {
    const b = handBundle('slow', { from: BASE, to: BASE + 30 * 60_000 }, {
      series: [span('frontend', 'CLIENT', 'oteldemo.CartService/AddItem'), span('checkout', 'CLIENT', 'oteldemo.CartService/GetCart'), span('checkout', 'CLIENT', 'PaymentService/Charge')],
    });
    expect(rpcSpanGraph(b)).toEqual(new Map([['frontend', new Set(['cartservice'])], ['checkout', new Set(['cartservice', 'paymentservice'])]]));
  });

  it('near miss: server spans, HTTP routes and database commands name no callee', () => {
    const b = handBundle('slow', { from: BASE, to: BASE + 30 * 60_000 }, {
      series: [span('cart', 'SERVER', 'oteldemo.CartService/AddItem'), span('frontend', 'CLIENT', 'GET /api/cart'), span('cart', 'CLIENT', 'HGET'), span('cart', 'CLIENT', 'orders publish')],
    });
    expect(rpcSpanGraph(b).size).toBe(0);
  });
});

describe('a callee that answers slower explains its callers\' latency', () => {
  const callees = new Map([['frontend', new Set(['cart'])], ['checkout', new Set(['cart'])]]);
  // A 60 ms delay on the cart's store path: the front end's handling, which contains its calls to the cart, moved most.
  const delayed = [sig('frontend', 'latency', SPANS, 14.2), sig('checkout', 'latency', SPANS, 8.4), sig('cart', 'latency', SPANS, 10.9), sig('cart', 'client_latency', SPANS, 5.4)];

  it('ranks the deepest service that answers slower above its callers', () => {
    const ranked = rankServices({ signals: delayed, population: POPULATION }, { callees });
    expect(ranked.map((c) => c.service)).toEqual(['cart', 'frontend', 'checkout']);
    expect(ranked[1]?.explainedBy).toBe('cart');
    expect(ranked[0]?.category).toBe('dependency_failure');
  });

  it('near miss: a caller whose calls slowed toward a callee answering as fast as before keeps its place', () => {
    // The delay is on the caller's own path: its calls' time rose, the callee's own handling did not.
    const own = [sig('frontend', 'latency', SPANS, 14.2), sig('frontend', 'client_latency', SPANS, 12), sig('cart', 'traffic', 'k8s_pod_cpu_utilization_ratio', 4)];
    const ranked = rankServices({ signals: own, population: POPULATION }, { callees });
    expect(ranked[0]?.service).toBe('frontend');
    expect(ranked[0]?.explainedBy).toBeNull();
  });

  it('near miss: a callee slow from its own CPU keeps its reading as resource pressure', () => {
    const hot = [...delayed, { ...sig('cart', 'cpu', 'k8s_pod_cpu_utilization_ratio', 30), limitShare: 0.97 }];
    const ranked = rankServices({ signals: hot, population: POPULATION }, { callees });
    expect(ranked[0]).toMatchObject({ service: 'cart', category: 'resource_exhaustion' });
  });
});

describe('a waiting service busier but far from its limit', () => {
  const known = new Set(['frontend', 'cart', 'valkey-cart']);
  // CPU far below its limit is read as traffic (activity): it leads the cart's evidence, yet the cart only waits.
  const busy = [sig('cart', 'traffic', 'k8s_pod_cpu_utilization_ratio', 22.8), sig('cart', 'latency', SPANS, 4)];

  it('still waits on its store: the store is placed above it', () => {
    const ranked = rankServices({ signals: busy, population: POPULATION }, { reportedOn: ['frontend'], reportedSignal: 'latency' });
    expect(ranked[0]?.signals[0]?.kind).toBe('traffic');
    expect(withWaitedOn(ranked, busy, known).map((c) => c.service)).toEqual(['valkey-cart', 'cart']);
  });

  it('near miss: CPU that is work of its own (pressure) keeps the store below', () => {
    const working = [sig('cart', 'cpu', 'k8s_pod_cpu_utilization_ratio', 22.8), sig('cart', 'latency', SPANS, 4)];
    const ranked = rankServices({ signals: working, population: POPULATION }, { reportedOn: ['frontend'], reportedSignal: 'latency' });
    expect(withWaitedOn(ranked, working, known).map((c) => c.service)).not.toContain('valkey-cart');
  });
});
