// A service whose own connection pool is a SQL client's (HikariCP's gauges) waits, when its handling slows with no work
// of its own, on the system's one SQL server, whatever that server is called (a database named after nobody).
import { describe, expect, it } from 'vitest';
import { poolStores } from '../../src/rca/localize/pool-stores.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { bundleOf, samples } from './general-rules-kit.js';

const sig = (service: string, kind: ServiceSignal['kind'], family: string, z: number): ServiceSignal => ({ service, kind, family, z, start: null, what: `${family} of ${service} rose`, evidence: null });
const KNOWN = new Set(['gateway', 'quotes', 'sqldb', 'redis']);
const POPULATION = new Map([['http_server_requests_seconds_max', 3], ['container_cpu_usage_seconds_total', 5]]);

const series = (servers: string[]) => [
  samples('hikaricp_connections_active', { pool: 'HikariPool-1', service: 'quotes' }, () => 2),
  samples('redis_connected_clients', { service: 'redis' }, () => 4),
  ...servers.map((s) => samples('pg_stat_activity_count', { service: s, state: 'active' }, () => 3)),
];

describe('poolStores', () => {
  it("maps a JDBC pool's service to the one SQL server", () => {
    expect([...poolStores(bundleOf({ series: series(['sqldb']) }))]).toEqual([['quotes', 'sqldb']]);
  });
  it('maps nothing with two SQL servers (which one the pool reaches is unknown) or none', () => {
    expect(poolStores(bundleOf({ series: series(['sqldb', 'billing-pg']) })).size).toBe(0);
    expect(poolStores(bundleOf({ series: series([]) })).size).toBe(0);
  });
});

describe('the SQL server a waiting service pools connections to', () => {
  // 80 ms on the database's network path: the client's own request timer sees it; the database's own work is unchanged.
  const waiting = [sig('quotes', 'latency', 'http_server_requests_seconds_max', 12), sig('gateway', 'latency', 'http_server_requests_seconds_max', 5)];
  const pools = new Map([['quotes', 'sqldb']]);

  it('is placed just above the service whose handling slowed with no work of its own', () => {
    const ranked = rankServices({ signals: waiting, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    const placed = withWaitedOn(ranked, waiting, KNOWN, { on: ['gateway'], routes: [], pools });
    expect(placed.map((c) => c.service).slice(0, 2)).toEqual(['sqldb', 'quotes']);
    expect(placed[0]?.nature).toContain("quotes's connection pool reaches");
  });

  it('is not placed when the service works harder itself', () => {
    const busy = [...waiting, sig('quotes', 'cpu', 'container_cpu_usage_seconds_total', 6)];
    const ranked = rankServices({ signals: busy, population: POPULATION }, { reportedOn: ['gateway'], reportedSignal: 'latency' });
    expect(withWaitedOn(ranked, busy, KNOWN, { on: ['gateway'], routes: [], pools }).map((c) => c.service)).not.toContain('sqldb');
  });
});
