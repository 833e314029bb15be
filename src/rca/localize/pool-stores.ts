// The SQL database a service's own connection pool reaches: a service that publishes a JDBC or database/sql pool's
// gauges (HikariCP, Micrometer's jdbc, Go's sql stats) is a client of a SQL server, and a system with one such server
// has no other for it to reach. Its name need not be the client's (shipping's pool, a database called mysql).
import type { EvidenceBundle } from '../bundle.js';
import { serviceOfSeries } from './metric-scores.js';

/** A client-side pool of SQL connections, by the prefix its library gives its metrics. */
const SQL_POOL = /^(?:hikaricp|jdbc|r2dbc|dbcp2?|c3p0|tomcat_jdbc|go_sql|db_sql|sqlalchemy_pool|pgxpool)_/i;
/** A SQL server's own exporter (mysqld_exporter, postgres_exporter, the SQL Server and Oracle exporters). */
const SQL_SERVER = /^(?:mysql|mariadb|pg|postgres|postgresql|mssql|oracledb)_/i;

/** Each service that publishes a SQL pool's gauges, to the system's one SQL server when there is exactly one. */
export function poolStores(bundle: EvidenceBundle): Map<string, string> {
  const clients = new Set<string>();
  const servers = new Set<string>();
  for (const c of bundle.series) {
    for (const s of c.data) {
      const svc = serviceOfSeries(s.labels);
      if (!svc) continue;
      if (SQL_POOL.test(s.metric)) clients.add(svc);
      else if (SQL_SERVER.test(s.metric)) servers.add(svc);
    }
  }
  const out = new Map<string, string>();
  if (servers.size !== 1) return out;
  const [server] = [...servers];
  for (const c of clients) if (c !== server) out.set(c, server!);
  return out;
}
