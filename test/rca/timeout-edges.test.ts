// A caller's own timeout line names the callee it waited on: that is an edge of the call graph, so a slow caller whose
// callee slowed too is explained by the callee (and the callee's store), not sent to a store named after the caller.
import { describe, expect, it } from 'vitest';
import { timeoutCallGraph } from '../../src/rca/localize/timeout-edges.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { BASE, bundleOf, ONSET } from './general-rules-kit.js';
import { signature, span } from './helpers.js';

const KNOWN = new Set(['front-end', 'orders', 'orders-db', 'carts', 'carts-db', 'payment']);

// A Spring controller's stack trace: the outer line is generic, the wrapped TimeoutException says whom it waited on;
// the frames name the caller's own package, which is no call.
const SPRING = [
  'Servlet.service() for servlet [dispatcherServlet] threw exception [Request processing failed]',
  'java.util.concurrent.ExecutionException: java.util.concurrent.TimeoutException (waiting on carts)',
  '\tat works.weave.socks.orders.controllers.OrdersController.newOrder(OrdersController.java:97)',
].join('\n');

const sigOf = (template: string, service: string, example?: string, level?: 'error' | 'warn') =>
  signature({ template, example, service, base: BASE, minutes: span(ONSET, 90, 2), level });

describe('timeoutCallGraph', () => {
  it("reads the callee a caller's timeout line names (Java's TimeoutException, gRPC's deadline)", () => {
    const b = bundleOf({
      signatures: [
        sigOf('Servlet.service() for servlet <*> threw exception <*>', 'orders', SPRING),
        sigOf('rpc error: code = DeadlineExceeded desc = context deadline exceeded calling payment', 'front-end'),
      ],
    });
    const g = timeoutCallGraph(b, KNOWN);
    expect([...(g.get('orders') ?? [])]).toEqual(['carts']);
    expect([...(g.get('front-end') ?? [])]).toEqual(['payment']);
  });

  it('reads no edge from a line naming a service without a timeout, naming two, or below error level', () => {
    const b = bundleOf({
      signatures: [
        // Near miss: the same caller and callee, but the callee answered (a 404 is its answer, not a wait).
        sigOf('carts returned 404 for item <*>', 'orders'),
        // A timeout that names two services does not say which one was waited on.
        sigOf('timed out: carts and payment both slow', 'front-end'),
        sigOf('read timed out waiting on carts, retrying', 'orders', undefined, 'warn'),
      ],
    });
    expect(timeoutCallGraph(b, KNOWN).size).toBe(0);
  });
});

function sig(service: string, kind: ServiceSignal['kind'], family: string, z: number): ServiceSignal {
  return { service, kind, family, z, start: null, what: `${family} of ${service} rose`, evidence: null };
}
const POPULATION = new Map([['request_duration_seconds_p90', 5]]);
// Packet loss on carts' database: carts' own handling slows, and orders, which calls carts, slows by more in seconds.
const slow = [sig('orders', 'latency', 'request_duration_seconds_p90', 28), sig('carts', 'latency', 'request_duration_seconds_p90', 20), sig('front-end', 'latency', 'request_duration_seconds_p90', 4)];

describe('a caller whose timeout names its slow callee', () => {
  const rank = (callees?: Map<string, Set<string>>) =>
    withWaitedOn(rankServices({ signals: slow, population: POPULATION }, { reportedOn: ['front-end'], reportedSignal: 'latency', callees }), slow, KNOWN).map((c) => c.service);

  it("waits on that callee, whose store is placed first, not on the caller's own store", () => {
    const b = bundleOf({ signatures: [sigOf('Servlet.service() for servlet <*> threw exception <*>', 'orders', SPRING)] });
    const ranked = rank(timeoutCallGraph(b, KNOWN));
    expect(ranked[0]).toBe('carts-db');
    expect(ranked.indexOf('carts')).toBeLessThan(ranked.indexOf('orders'));
    expect(ranked).not.toContain('orders-db');
  });

  it('near miss: with no line tying orders to carts, the slower caller waits on its own store', () => {
    const b = bundleOf({ signatures: [sigOf('carts returned 404 for item <*>', 'orders')] });
    expect(rank(timeoutCallGraph(b, KNOWN))[0]).toBe('orders-db');
  });
});
