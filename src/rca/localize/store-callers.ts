// Which data stores a service calls, as the data shows it: client metrics' peer and database labels, mesh clusters, SQL
// pool metrics, the hosts, URLs and DSNs its own lines name. Stores are rarely named after their owner (redis-master).
import type { EvidenceBundle } from '../bundle.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { workloadOf } from '../../core/logs/kubernetes.js';
import { normalizeService } from '../service-names.js';
import { hostsIn, ownerOfStore, serviceHosts, STORE_WORDS } from '../store-links.js';
import { callEdge } from './call-edges.js';
import { sqlPoolCallers } from './sql-pool.js';

/** Labels a client's metrics name its database or peer by (OpenTelemetry, Micrometer, exporters, Envoy). */
const PEER_LABELS = ['db_name', 'db_namespace', 'peer_service', 'server_address', 'net_peer_name', 'db_instance', 'datasource', 'envoy_cluster_name', 'cluster_name', 'upstream_cluster'];
/** Labels that say the series measures a database client's calls (the callee is a store whatever its name). */
const DB_CLIENT = ['db_system', 'db_system_name', 'db_name', 'db_namespace', 'datasource'];

/** A name read as a host or workload: Envoy's `outbound|5432||postgres.db.svc.cluster.local` → postgres. */
function hostName(v: string): string {
  const last = v.split('|').pop() ?? v;
  const host = last.replace(/:\d{1,5}$/, '').toLowerCase().split('.')[0] ?? '';
  return normalizeService(workloadOf(host));
}

/** A known service whose name says it is a data store (a store word among its name's parts: postgres, redis-master). */
export function isStoreName(name: string): boolean {
  return name.toLowerCase().split(/[-_.]+/).some((t) => STORE_WORDS.has(t));
}

/**
 * Per calling service, the known data stores it calls. A callee counts as a store when the series is a database
 * client's (db_system, db_name) or its name says so. A value naming a database (`db_name="orders"`) is tied to the
 * store that holds it by that store's name less its store word (orders-postgresql), else to a store named exactly so.
 */
export function storeCallers(bundle: EvidenceBundle, known: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const stores = [...known].filter(isStoreName);
  const add = (caller: string, store: string) => {
    if (caller === store || !known.has(store)) return;
    let set = out.get(caller);
    if (!set) out.set(caller, (set = new Set()));
    set.add(store);
  };
  // A name a label or a line gives: a known service as it stands, a pod of it, or a database a store is named after.
  const resolve = (raw: string, dbClient: boolean): string | null => {
    const n = hostName(raw);
    if (known.has(n) && (dbClient || isStoreName(n))) return n;
    const held = stores.filter((s) => ownerOfStore(s) === n.replace(/_/g, '-'));
    return held.length === 1 ? held[0]! : null;
  };
  for (const c of [...bundle.series, ...bundle.counters]) {
    for (const s of c.data) {
      const edge = callEdge(s.labels);
      const dbClient = DB_CLIENT.some((k) => s.labels[k]);
      if (edge) {
        const store = resolve(edge.callee, dbClient);
        if (store) add(edge.caller, store);
      }
      const own = serviceFromLabels(s.labels);
      if (!own) continue;
      const caller = normalizeService(own);
      for (const k of PEER_LABELS) {
        const v = s.labels[k];
        if (!v || v.length > 300) continue;
        const store = resolve(v, dbClient);
        if (store) add(caller, store);
      }
    }
  }
  // The hosts a service's own lines name (a DSN, a URL, host:port): the store whose name, pod or host it is.
  const hosts = serviceHosts(bundle);
  for (const sig of bundle.signatures?.data ?? []) {
    const callers = sig.services.map(normalizeService).filter((s) => known.has(s));
    if (callers.length !== 1) continue;
    for (const h of hostsIn(`${sig.example} ${sig.peer ?? ''}`)) {
      const store = stores.find((s) => hostName(h) === s || hosts.get(s)?.has(h)) ?? null;
      if (store) add(callers[0]!, store);
    }
  }
  // A SQL connection pool's metrics: the client of the system's one SQL database.
  for (const [caller, store] of sqlPoolCallers(bundle, known)) add(caller, store);
  return out;
}
