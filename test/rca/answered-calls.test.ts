// A caller's error logs about calls whose callee failed them on its own side (span metrics count both sides of a call)
// are the callee's errors relayed; a caller whose calls fail with no server side failing keeps them as its own.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { answeredCallers, relayAnsweredLogs } from '../../src/rca/localize/answered-calls.js';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { handBundle } from './helpers.js';
import { BASE, END, ONSET, failing, spanCalls, steady } from './span-calls.js';

const calls = spanCalls('otel-demo');

/** The front end's error logs: the stack of every gRPC failure it renders (grpc-js `13 INTERNAL: ...`). */
const frontLogs: ServiceSignal = {
  service: 'frontend',
  kind: 'log_errors',
  family: 'logs',
  z: 40,
  start: null,
  what: "162 error entries in frontend after the onset against 0 (\u2a2f Error: 13 INTERNAL: Error: GetProduct failed)",
  evidence: null,
};

/** The front end calls the catalog over gRPC; both sides name the span `oteldemo.ProductCatalogService/GetProduct`. */
const RPC = 'oteldemo.ProductCatalogService/GetProduct';
function catalogFails(serverFails: boolean): SeriesSamples[] {
  return [
    calls('frontend', 'SERVER', 'GET /api/products/[productId]', 'UNSET', steady(40)),
    calls('frontend', 'SERVER', 'GET /api/products/[productId]', 'ERROR', failing(6), 20),
    calls('frontend', 'CLIENT', RPC, 'UNSET', steady(40)),
    calls('frontend', 'CLIENT', RPC, 'ERROR', failing(6), 20),
    calls('product-catalog', 'SERVER', RPC, 'UNSET', steady(40)),
    ...(serverFails ? [calls('product-catalog', 'SERVER', RPC, 'ERROR', failing(6), 20)] : []),
  ];
}

describe('calls answered with the callee\'s own failure', () => {
  it('ties a failing client span to the callee whose server span of the same RPC name fails too', () => {
    const b = handBundle('product pages fail', { from: BASE, to: END }, { counters: catalogFails(true) });
    expect(answeredCallers(b, ONSET).get('frontend')).toEqual({ callee: 'product-catalog', span: RPC });
  });

  it('near miss: the caller\'s calls fail but the callee\'s server spans do not (a name that does not resolve): no answerer', () => {
    const b = handBundle('checkout fails', { from: BASE, to: END }, {
      counters: [
        calls('checkout', 'CLIENT', 'oteldemo.PaymentService/Charge', 'UNSET', steady(20)),
        calls('checkout', 'CLIENT', 'oteldemo.PaymentService/Charge', 'ERROR', failing(5), 20),
        calls('payment', 'SERVER', 'oteldemo.PaymentService/Charge', 'UNSET', (m) => (m >= 20 ? 0 : 20)),
      ],
    });
    expect(answeredCallers(b, ONSET).size).toBe(0);
    expect(answeredCallers(handBundle('x', { from: BASE, to: END }, { counters: catalogFails(false) }), ONSET).size).toBe(0);
  });

  it('ties an Envoy egress span (`router <cluster> egress`) to the upstream it names when that upstream\'s server spans fail', () => {
    const b = handBundle('requests fail', { from: BASE, to: END }, {
      counters: [
        calls('frontend-proxy', 'CLIENT', 'router frontend egress', 'UNSET', steady(80)),
        calls('frontend-proxy', 'CLIENT', 'router frontend egress', 'ERROR', failing(6), 20),
        calls('frontend', 'SERVER', 'POST /api/checkout', 'UNSET', steady(30)),
        calls('frontend', 'SERVER', 'POST /api/checkout', 'ERROR', failing(6), 20),
      ],
    });
    expect(answeredCallers(b, ONSET).get('frontend-proxy')?.callee).toBe('frontend');
  });

  it('ranks the failing callee above the caller that logs every stack, and leaves the caller first when the callee does not fail', () => {
    const rank = (serverFails: boolean) => {
      const b = handBundle('product pages fail', { from: BASE, to: END }, { counters: catalogFails(serverFails) });
      const metrics = metricSignals(b, ONSET);
      const signals = relayAnsweredLogs([...metrics.signals, frontLogs], answeredCallers(b, ONSET), (s) => s);
      return { signals, ranked: rankServices({ signals, population: new Map([...metrics.population, ['logs', 2]]) }) };
    };
    const answered = rank(true);
    expect(answered.signals.find((s) => s.family === 'logs')?.kind).toBe('client_errors');
    expect(answered.ranked[0]?.service).toBe('product-catalog');
    const own = rank(false);
    expect(own.signals.find((s) => s.family === 'logs')?.kind).toBe('log_errors');
    expect(own.ranked[0]?.service).toBe('frontend');
  });
});
