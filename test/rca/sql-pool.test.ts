// A Spring Boot service's HikariCP metrics say it is a SQL client; with one SQL database in the system, that is the store
// it waits on when its handling slows with no pressure of its own (a delay on the database's network path).
import { describe, expect, it } from 'vitest';
import { sqlPoolCallers } from '../../src/rca/localize/sql-pool.js';
import { storeCallers } from '../../src/rca/localize/store-callers.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { bundleOf, samples } from './general-rules-kit.js';

const KNOWN = new Set(['web', 'shipping', 'cart', 'mysql', 'redis', 'mongodb']);
const pod = (service: string) => ({ job: 'kubernetes-pods', namespace: 'shop', pod: `${service}-hzzlh6hc4-stqb2`, service });
/** Micrometer's HikariCP gauge as Spring Boot Actuator exports it (pool named by Hikari's default). */
const hikari = samples('hikaricp_connections_active', { pool: 'HikariPool-1', ...pod('shipping') }, () => 1);
/** mysqld_exporter beside the database. */
const mysqld = samples('mysql_global_status_threads_connected', pod('mysql'), () => 12);

describe('sqlPoolCallers', () => {
  it('ties a service exporting a JDBC pool to the one SQL database of the system', () => {
    expect([...sqlPoolCallers(bundleOf({ series: [hikari, mysqld] }), KNOWN)]).toEqual([['shipping', 'mysql']]);
    // The database's pod name among the known names (from its log file) is the same database.
    expect([...sqlPoolCallers(bundleOf({ series: [hikari, mysqld] }), new Set([...KNOWN, 'mysql-w9b26xzzj4-ffwtj']))]).toEqual([['shipping', 'mysql']]);
    expect([...(storeCallers(bundleOf({ series: [hikari] }), KNOWN).get('shipping') ?? [])]).toEqual(['mysql']);
  });

  it('knows the SQL database by its exporter when its name does not say so', () => {
    const known = new Set(['web', 'shipping', 'cities', 'redis']);
    const exporter = samples('mysql_global_status_questions', pod('cities'), (m) => 100 * m);
    expect([...sqlPoolCallers(bundleOf({ series: [hikari, exporter] }), known)]).toEqual([['shipping', 'cities']]);
  });

  it('near miss: two SQL databases (the pool does not say which), or no pool at all, tie nothing; a cache is no SQL store', () => {
    expect(sqlPoolCallers(bundleOf({ series: [hikari] }), new Set([...KNOWN, 'orders-postgres'])).size).toBe(0);
    const http = samples('http_server_requests_seconds_count', pod('shipping'), (m) => 10 * m);
    expect(sqlPoolCallers(bundleOf({ series: [http, mysqld] }), KNOWN).size).toBe(0);
    expect(sqlPoolCallers(bundleOf({ series: [hikari] }), new Set(['web', 'shipping', 'redis'])).size).toBe(0);
  });
});

describe('the waiting walk through a SQL pool', () => {
  const sig = (service: string, z: number): ServiceSignal => ({ service, kind: 'latency', family: 'http_server_requests_seconds_mean', z, start: null, what: `latency of ${service} rose`, evidence: null });
  const waiting = [sig('shipping', 24)];
  const ranked = () => rankServices({ signals: waiting, population: new Map([['http_server_requests_seconds_mean', 3]]) }, { reportedOn: ['web'], reportedSignal: 'latency' });

  it('places the database above the service whose pool connects to it, and nothing without the pool', () => {
    const calls = storeCallers(bundleOf({ series: [hikari, mysqld] }), KNOWN);
    expect(withWaitedOn(ranked(), waiting, KNOWN, { on: ['web'], routes: [], calls }).map((c) => c.service)).toEqual(['mysql', 'shipping']);
    const none = storeCallers(bundleOf({ series: [mysqld] }), KNOWN);
    expect(withWaitedOn(ranked(), waiting, KNOWN, { on: ['web'], routes: [], calls: none }).map((c) => c.service)).toEqual(['shipping']);
  });
});
