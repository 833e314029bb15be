// A service that exports a SQL connection pool's metrics is a SQL database's client: when the system has one SQL
// database only, that pool ties the service to it, though no label or line names the database.
import type { EvidenceBundle } from '../bundle.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { normalizeService } from '../service-names.js';
import { workloadOf } from '../../core/logs/kubernetes.js';

/**
 * Metrics only a SQL client's connection pool exports: HikariCP through Micrometer (`hikaricp_connections_active`,
 * Spring Boot's default pool), Spring Boot's DataSource pool metrics (`jdbc_connections_active`), Go's database/sql
 * statistics (`go_sql_open_connections`, sqlstats) and OpenTelemetry's `db.client.connections.*` (pool `usage`).
 */
const SQL_POOL = /^(hikaricp_connections|jdbc_connections|go_sql_|db_client_connections_)/;

/** Store words that name a SQL database (a cache or a document store is not what a JDBC pool connects to). */
const SQL_WORDS = new Set(['mysql', 'mariadb', 'postgres', 'postgresql', 'pg', 'mssql', 'sql', 'sqlserver', 'oracle', 'cockroachdb', 'tidb']);
/** Metric prefixes of a SQL server's own exporter (mysqld_exporter, postgres_exporter, sql_exporter for SQL Server). */
const SQL_EXPORTER = /^(mysql_|pg_|mssql_)/;

/** The known services that are SQL databases: by a SQL word in their name, or by their exporter's metrics. */
function sqlStores(bundle: EvidenceBundle, known: ReadonlySet<string>): Set<string> {
  const out = new Set([...known].filter((k) => k.toLowerCase().split(/[-_.]+/).some((t) => SQL_WORDS.has(t))));
  for (const c of bundle.series) for (const s of c.data) {
    const own = SQL_EXPORTER.test(s.metric) ? serviceFromLabels(s.labels) : null;
    if (own && known.has(normalizeService(own))) out.add(normalizeService(own));
  }
  return out;
}

/**
 * Per service that exports a SQL pool's metrics, the system's one SQL database (none when there are several: the pool
 * does not say which it connects to). A database's own pool (a proxy in front of it) ties it to nothing else.
 */
export function sqlPoolCallers(bundle: EvidenceBundle, known: ReadonlySet<string>): Map<string, string> {
  const pools = new Set<string>();
  for (const c of [...bundle.series, ...bundle.counters]) for (const s of c.data) {
    const own = SQL_POOL.test(s.metric) ? serviceFromLabels(s.labels) : null;
    if (own) pools.add(normalizeService(own));
  }
  if (pools.size === 0) return new Map();
  // A pod's name among the known names is its workload's (mysql-5f7c9d-x2k4p is mysql): one database, not two.
  const stores = [...new Set([...sqlStores(bundle, known)].map((s) => (known.has(workloadOf(s)) ? workloadOf(s) : s)))];
  if (stores.length !== 1) return new Map();
  return new Map([...pools].filter((p) => p !== stores[0] && known.has(p)).map((p) => [p, stores[0]!]));
}
