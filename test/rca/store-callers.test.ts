// Stores are rarely named after their owner (postgres, orders-postgresql-0, redis-master): the data store a waiting
// service calls is read from its client metrics' peer and database labels and the addresses its lines name.
import { describe, expect, it } from 'vitest';
import { isStoreName, storeCallers } from '../../src/rca/localize/store-callers.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { BASE, bundleOf, ONSET, samples } from './general-rules-kit.js';
import { signature, span } from './helpers.js';

const KNOWN = new Set(['gateway', 'ledger', 'reports', 'postgres', 'redis-master', 'orders-postgresql']);

describe('storeCallers', () => {
  it("reads a database client's server address, and a database named by its db_name label", () => {
    const b = bundleOf({
      series: [
        samples('db_client_operation_duration_seconds_p90', { service_name: 'ledger', db_system: 'postgresql', server_address: 'postgres.data.svc.cluster.local' }, () => 0.01),
        samples('hikaricp_connections_active', { application: 'reports', db_name: 'orders' }, () => 4),
      ],
    });
    const calls = storeCallers(b, KNOWN);
    expect([...(calls.get('ledger') ?? [])]).toEqual(['postgres']);
    expect([...(calls.get('reports') ?? [])]).toEqual(['orders-postgresql']);
  });

  it("reads an Envoy cluster's host and a DSN in the service's own lines", () => {
    const b = bundleOf({
      series: [samples('envoy_cluster_upstream_rq_time_p90', { app: 'gateway', envoy_cluster_name: 'outbound|6379||redis-master.cache.svc.cluster.local' }, () => 2)],
      signatures: [signature({ template: 'query failed: dial tcp orders-postgresql-0.orders-postgresql-hl:5432: i/o timeout', service: 'reports', base: BASE, minutes: span(ONSET, 90, 2) })],
    });
    const calls = storeCallers(b, KNOWN);
    expect([...(calls.get('gateway') ?? [])]).toEqual(['redis-master']);
    expect([...(calls.get('reports') ?? [])]).toEqual(['orders-postgresql']);
  });

  it('ties nothing to a peer that is no store, or to a database no known store is named after', () => {
    const b = bundleOf({ series: [samples('http_client_duration_p90', { service_name: 'gateway', peer_service: 'ledger' }, () => 1), samples('hikaricp_connections_active', { application: 'ledger', db_name: 'audit' }, () => 2)] });
    expect(storeCallers(b, KNOWN).size).toBe(0);
  });

  it('knows a store by a store word among its name parts', () => {
    expect(isStoreName('redis-master')).toBe(true);
    expect(isStoreName('orders-postgresql')).toBe(true);
    expect(isStoreName('ledger')).toBe(false);
  });
});

function sig(service: string, kind: ServiceSignal['kind'], family: string, z: number): ServiceSignal {
  return { service, kind, family, z, start: null, what: `${family} of ${service} rose`, evidence: null };
}
const POPULATION = new Map([['http_server_duration_p90', 4], ['container_cpu_usage_seconds_total', 6]]);
// A delay on the database's network path: ledger's own request timer sees it, the gateway's more faintly.
const waiting = [sig('ledger', 'latency', 'http_server_duration_p90', 14), sig('gateway', 'latency', 'http_server_duration_p90', 8)];

describe('withWaitedOn with the stores the data shows a service calls', () => {
  const ranked = () => rankServices({ signals: waiting, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });

  it('places the store a waiting service calls though it is not named after it (postgres)', () => {
    const calls = new Map([['ledger', new Set(['postgres'])]]);
    const placed = withWaitedOn(ranked(), waiting, KNOWN, { on: ['gateway'], routes: [], calls });
    expect(placed.map((c) => c.service)).toEqual(['postgres', 'ledger', 'gateway']);
    expect(placed[0]?.nature).toContain('the data store ledger calls');
  });

  it('places no store that only another service calls (near miss: the store of a bystander)', () => {
    const calls = new Map([['reports', new Set(['postgres'])]]);
    expect(withWaitedOn(ranked(), waiting, KNOWN, { on: ['gateway'], routes: [], calls }).map((c) => c.service)).toEqual(['ledger', 'gateway']);
  });

  it('prefers the store the data shows over one named after the service', () => {
    const known = new Set([...KNOWN, 'ledger-db']);
    const calls = new Map([['ledger', new Set(['postgres'])]]);
    expect(withWaitedOn(ranked(), waiting, known, { on: ['gateway'], routes: [], calls }).map((c) => c.service)).toEqual(['postgres', 'ledger', 'gateway']);
    expect(withWaitedOn(ranked(), waiting, known).map((c) => c.service)).toEqual(['ledger-db', 'ledger', 'gateway']);
  });
});
