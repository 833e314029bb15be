// A service whose own handling time rose while its CPU and memory stayed put is waiting on what it calls: the store
// named after it (ledger-postgres for ledger), or the backend of the route the report names, is placed just above it.
import { describe, expect, it } from 'vitest';
import { ownStores, routeServices, withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';

const KNOWN = new Set(['gateway', 'ledger', 'ledger-postgres', 'redis-session', 'session', 'reports']);
const POPULATION = new Map([['http_server_duration_p90', 4], ['container_cpu_usage_seconds_total', 6]]);

function sig(service: string, kind: ServiceSignal['kind'], family: string, z: number): ServiceSignal {
  return { service, kind, family, z, start: null, what: `${family} of ${service} rose`, evidence: null };
}

// A 100 ms delay on the database's network path: the ledger's own request timer sees it, the gateway's more faintly.
const waiting = [sig('ledger', 'latency', 'http_server_duration_p90', 14), sig('gateway', 'latency', 'http_server_duration_p90', 8)];

describe("a service's own data store", () => {
  it('is a store word before or after exactly its name', () => {
    expect(ownStores('ledger', KNOWN)).toEqual(['ledger-postgres']);
    expect(ownStores('session', KNOWN)).toEqual(['redis-session']);
    expect(ownStores('cart', ['redis-cart', 'cartservice', 'carts-db', 'db'])).toEqual(['redis-cart']);
    expect(ownStores('gateway', KNOWN)).toEqual([]);
  });

  it('is placed above a service whose handling slowed with no work of its own', () => {
    const ranked = rankServices({ signals: waiting, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(ranked[0]?.service).toBe('ledger');
    const placed = withWaitedOn(ranked, waiting, KNOWN);
    expect(placed.map((c) => c.service)).toEqual(['ledger-postgres', 'ledger', 'gateway']);
    expect(placed[0]?.category).toBe('dependency_failure');
  });

  it('is not placed for a waiting service ranked below one with a cause of its own', () => {
    const hot = [...waiting, sig('reports', 'cpu', 'container_cpu_usage_seconds_total', 40)];
    const ranked = rankServices({ signals: hot, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(ranked[0]?.service).toBe('reports');
    expect(withWaitedOn(ranked, hot, KNOWN).map((c) => c.service)).not.toContain('ledger-postgres');
  });

  it('is placed for a service whose handling time was passed on to its callees, and not for one that only calls slower', () => {
    // The ledger and the gateway both saw their own calls slow (a delay to the database): the ledger's request timer
    // was passed on (own-calls.ts), and its strongest signal is now its slower calls; it still waits on its store.
    const calls = (service: string, z: number) => sig(service, 'client_latency', 'http_client_duration_p90', z);
    const passed = [calls('ledger', 90), { ...sig('ledger', 'client_latency', 'http_server_duration_p90', 14), passedFrom: 'latency' as const }, calls('gateway', 6)];
    const ranked = rankServices({ signals: passed, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(ranked[0]?.service).toBe('ledger');
    expect(withWaitedOn(ranked, passed, KNOWN)[0]?.service).toBe('ledger-postgres');
    // Near miss: the same slower calls with no handling time of its own behind them: nothing says it waits on its store.
    const only = [calls('ledger', 90), calls('gateway', 6)];
    const rankedOnly = rankServices({ signals: only, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(withWaitedOn(rankedOnly, only, KNOWN).map((c) => c.service)).not.toContain('ledger-postgres');
  });

  it('is not placed when the service works harder itself (its CPU rose with its latency)', () => {
    const busy = [...waiting, sig('ledger', 'cpu', 'container_cpu_usage_seconds_total', 5)];
    const ranked = rankServices({ signals: busy, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(withWaitedOn(ranked, busy, KNOWN).map((c) => c.service)).not.toContain('ledger-postgres');
  });
});

describe('the backend of the route the report names', () => {
  it('is a known service a path segment names, not a word elsewhere in the text', () => {
    expect(routeServices('shop gateway: GET /api/ledger/entries p90 0.9s since 10:02 UTC', KNOWN)).toEqual(['ledger']);
    expect(routeServices('shop gateway: the ledger page is slow', KNOWN)).toEqual([]);
  });

  it('is placed above the entry service when it is the only one whose latency moved, with no work of its own', () => {
    // A delay on the ledger's answers: its own timer does not see it, only the gateway's does.
    const entry = [sig('gateway', 'latency', 'http_server_duration_p90', 10)];
    const ranked = rankServices({ signals: entry, population: POPULATION }, { reportedOn: ['gateway', 'ledger'], reportedSignal: 'latency' });
    const reported = { on: ['gateway', 'ledger'], routes: ['ledger'] };
    expect(withWaitedOn(ranked, entry, KNOWN, reported).map((c) => c.service)).toEqual(['ledger', 'gateway']);
    const busy = [...entry, sig('gateway', 'cpu', 'container_cpu_usage_seconds_total', 6)];
    const ranked2 = rankServices({ signals: busy, population: POPULATION }, { reportedOn: ['gateway', 'ledger'], reportedSignal: 'latency' });
    expect(withWaitedOn(ranked2, busy, KNOWN, reported)[0]?.service).toBe('gateway');
  });
});
