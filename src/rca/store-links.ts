// Whether a client's error is about a given data store: by the address it names (a URL, host:port, a DSN's host) that
// is the store's, else by the store's whole name or its database's name, never by a fragment of the store's name.
import type { EvidenceBundle } from './bundle.js';
import { mentionedEntities } from './entities.js';
import { failedOverSystem } from './analyzers/failover.js';
import { namesStore } from './analyzers/store-operation.js';
import { POD_LABELS, serviceFromLabels } from '../core/series-labels.js';
import { normalizeService } from './service-names.js';

/** Words a data store's name adds to what it holds or who owns it: `<owner>-db`, `mongodb-<owner>`, `orders-sql`. */
export const STORE_WORDS = new Set([
  'db', 'database', 'sql', 'mssql', 'mysql', 'mariadb', 'postgres', 'postgresql', 'pg', 'mongo', 'mongodb', 'redis', 'valkey', 'memcached', 'memcache',
  'cache', 'cassandra', 'es', 'elasticsearch', 'opensearch', 'clickhouse',
]);

/** Labels that name the host a series was scraped from or is about (its own, not a peer's). */
const HOST_LABELS = [...POD_LABELS, 'instance', 'host', 'hostname', 'host_name', 'server', 'fqdn'];

/** A database named in a driver's words: SQL Server's `database 'Orders'`, `database "orders"`, a DSN's dbname or catalog. */
const DATABASE = /\bdatabase\s+['"`[]([A-Za-z0-9_$-]{2,64})['"`\]]|\b(?:dbname|database|Initial Catalog)\s*=\s*['"]?([A-Za-z0-9_$-]{2,64})/gi;

/** A host as written, lower-cased, without its port or trailing dot. */
const bare = (host: string) => host.toLowerCase().replace(/\.$/, '').replace(/:\d{1,5}$/, '');

/** Hosts the message names (URLs, dotted hosts, `name:port`, hosts after "host"), lower-cased without ports. */
export function hostsIn(text: string): string[] {
  return [...new Set(mentionedEntities(text, [], []).filter((m) => m.how !== 'known').map((m) => bare(m.name)))];
}

/** The databases the message names, lower-cased. */
export function databasesIn(text: string): string[] {
  return [...new Set([...text.matchAll(DATABASE)].map((m) => (m[1] ?? m[2]!).toLowerCase()))];
}

/** Per service (normalised), the hosts its own series are scraped from or about: its pods, its instances' hosts. */
export function serviceHosts(bundle: EvidenceBundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) {
    for (const s of c.data) {
      const svc = serviceFromLabels(s.labels);
      if (!svc) continue;
      const key = normalizeService(svc);
      let set = out.get(key);
      for (const k of HOST_LABELS) {
        const v = s.labels[k];
        if (!v || v.length > 253 || /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?$/i.test(v)) continue;
        if (!set) out.set(key, (set = new Set()));
        set.add(bare(v));
      }
    }
  }
  return out;
}

/** `orders` of `orders-sql`, `rate` of `mongodb-rate`: the name without a store word at either end, or null. */
export function ownerOfStore(store: string): string | null {
  const t = store.toLowerCase().split(/[-_.]+/).filter(Boolean);
  if (t.length < 2) return null;
  if (STORE_WORDS.has(t[t.length - 1]!)) return t.slice(0, -1).join('-');
  if (STORE_WORDS.has(t[0]!)) return t.slice(1).join('-');
  return null;
}

/** How a message is tied to a store: the address it names is the store's, its whole name stands in it, or its database. */
export type StoreLink = 'address' | 'name' | 'database' | null;

/**
 * Ties `text` to `store` (a normalised service). An address is evidence: a host that is the store's (its name, a pod
 * of its StatefulSet, a host its series come from). Where the text names an address that belongs to another known
 * service, no name in it overrides that. Otherwise the store's whole name as a word, or the database the text names
 * being the store's name less its store word (`database 'Orders'` and orders-sql). A part of a longer name
 * (`maintenance` of db-maintenance-worker, `orders` of orders-cleanup) is no link: services share words.
 */
export function linkToStore(text: string, store: string, hosts: ReadonlyMap<string, ReadonlySet<string>>, known: Iterable<string> = []): StoreLink {
  const s = store.toLowerCase();
  const named = hostsIn(text);
  const owns = (svc: string, h: string) => failedOverSystem(h) === svc || h.split('.')[0] === svc || (hosts.get(svc)?.has(h) ?? false);
  if (named.some((h) => owns(s, h))) return 'address';
  const others = [...known].map((k) => k.toLowerCase()).filter((k) => k !== s);
  if (named.some((h) => others.some((o) => owns(o, h)))) return null;
  if (namesStore(text, s)) return 'name';
  const owner = ownerOfStore(s);
  const dbs = databasesIn(text).map((d) => d.replace(/_/g, '-'));
  if (dbs.some((d) => d === s || (owner !== null && d === owner))) return 'database';
  return null;
}
