// A service whose own handling slowed with no pressure of its own waits on something it calls; a data store named after
// it (orders-db, mongodb-rate, redis-cart) is what it alone calls, so that store is placed just above it as the suspect.
import type { ServiceSignal } from './signal.js';
import type { Candidate } from './rank-services.js';

/** Words a data store's name adds to its owner's: `<owner>-db`, `mongodb-<owner>`, `<owner>_redis`. */
const STORE_WORDS = new Set(['db', 'database', 'mongo', 'mongodb', 'mysql', 'mariadb', 'postgres', 'postgresql', 'pg', 'redis', 'valkey', 'memcached', 'memcache', 'cache', 'cassandra']);
/** Signal kinds that say the service works harder itself (GC, a hot loop, a full disk): then it is not only waiting. */
const OWN_WORK: ReadonlySet<ServiceSignal['kind']> = new Set(['cpu', 'memory', 'disk', 'handles', 'restarts']);

const tokens = (name: string) => name.toLowerCase().split(/[-_.]+/).filter(Boolean);

/** The known services whose name is `service`'s with one store word before or after it: the stores only it uses. */
export function ownStores(service: string, known: Iterable<string>): string[] {
  const own = tokens(service).join('-');
  return [...known].filter((k) => {
    const t = tokens(k);
    if (t.length < 2 || k === service) return false;
    return (STORE_WORDS.has(t[0]!) && t.slice(1).join('-') === own) || (STORE_WORDS.has(t[t.length - 1]!) && t.slice(0, -1).join('-') === own);
  });
}

/**
 * Places a service's own store just above it when the service's evidence is its own handling time (its server-side
 * latency) rising with no resource signal of its own, weak or strong, and no anomalous callee that explains it: a
 * request that takes longer while the process does no more work is waiting, and a store named after it is what it waits
 * on. A delay or loss on the store's network path is seen only this way (the store measures its own work, unchanged).
 * A store with strong evidence of its own is already ranked on it and is left where it is.
 */
export function withOwnStores(ranked: Candidate[], signals: ServiceSignal[], known: Set<string>): Candidate[] {
  const works = new Set(signals.filter((s) => OWN_WORK.has(s.kind)).map((s) => s.service));
  const strong = new Set(ranked.filter((c) => c.category !== 'unknown').map((c) => c.service));
  const placed = new Set<string>();
  const out: Candidate[] = [];
  for (const c of ranked) {
    const waits = c.category === 'dependency_failure' && c.signals[0]?.kind === 'latency' && !works.has(c.service) && !c.explainedBy;
    const stores = waits ? ownStores(c.service, known).filter((s) => !strong.has(s) && !placed.has(s)) : [];
    // Of several (a cache and a database), the one with weak evidence of its own first, else by name.
    stores.sort((a, b) => (ranked.find((x) => x.service === b)?.score ?? 0) - (ranked.find((x) => x.service === a)?.score ?? 0) || a.localeCompare(b));
    for (const store of stores) {
      placed.add(store);
      out.push({
        service: store,
        score: c.score,
        category: 'dependency_failure',
        nature: `the data store only ${c.service} uses, which ${c.service} waits on`,
        signals: c.signals,
        why: `${c.service}'s own handling slowed with no resource signal of its own, so it waits on what it calls, and ${store} is the store named after it`,
        explainedBy: null,
      });
    }
    if (!placed.has(c.service)) out.push(c);
  }
  return out;
}
