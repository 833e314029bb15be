// A service whose own handling slowed with no pressure of its own waits on something it calls: a data store the data
// shows it calls (store-callers.ts), else one named after it (orders-db), or the route's backend, is placed above it.
import type { ServiceSignal } from './signal.js';
import type { Candidate } from './rank-services.js';
import { namedServices } from './named-services.js';
import { passedOn } from './own-calls.js';
import { STORE_WORDS } from '../store-links.js';

/** Signal kinds that say the service works harder itself (GC, a hot loop, a full disk): then it is not only waiting. */
const OWN_WORK: ReadonlySet<ServiceSignal['kind']> = new Set(['cpu', 'memory', 'disk', 'handles', 'restarts']);

/** Kinds that say a service has a cause of its own: its resources under pressure, its own errors, requests breaking in it. */
const CAUSE: ReadonlySet<ServiceSignal['kind']> = new Set([...OWN_WORK, 'errors', 'log_errors', 'relayed_errors', 'flow_break', 'wrong_values']);

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

/** An HTTP request line in the report ("GET /catalogue", "POST /api/orders/{id}"): its path, up to any query. */
const ROUTE = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+(\/[^\s?#]*)/g;

/**
 * The known services a route in the report names by a path segment: gateways and front ends route a path to the
 * service of its name (/catalogue to catalogue, /api/carts to carts), so a slow route at the entry names its backend.
 */
export function routeServices(report: string, known: Iterable<string>): string[] {
  const paths = [...report.matchAll(ROUTE)].map((m) => m[1]!.split('/').join(' '));
  return paths.length ? namedServices(paths.join(' '), known) : [];
}

/**
 * Places a service's own store just above it when the service's evidence is its own handling time (its server-side
 * latency) rising with no resource signal of its own, weak or strong, and no anomalous callee that explains it: a
 * request that takes longer while the process does no more work is waiting, and a store named after it is what it waits
 * on. A delay or loss on the store's network path is seen only this way (the store measures its own work, unchanged).
 * A store with strong evidence of its own is already ranked on it and is left where it is.
 */
export function withWaitedOn(ranked: Candidate[], signals: ServiceSignal[], known: Set<string>, reported: WaitedReport = { on: [], routes: [] }): Candidate[] {
  const works = new Set(signals.filter((s) => OWN_WORK.has(s.kind)).map((s) => s.service));
  // Services whose handling time was passed on to their callees (own-calls.ts): ranked on the slower calls instead.
  const passed = passedOn(signals);
  const strong = new Set(ranked.filter((c) => c.category !== 'unknown').map((c) => c.service));
  const placed = new Set<string>();
  const out: Candidate[] = [];
  // Once a service ranked above shows a cause of its own (pressure, its own errors), a waiting service below it is more
  // likely waiting on that one than on its store: the walk from the symptom has found where it ends.
  let found = false;
  for (const c of ranked) {
    // Its strongest evidence beside traffic is its handling time: more requests or CPU far below its limit (activity,
    // not pressure) say it is busy, not what it waits on, so they do not hide the wait behind them.
    // Its handling time passed on to its callees (its own calls slowed with it) is still its handling time, beside
    // the slower calls that explained it: the store it calls is among the callees it waits on.
    const lead = c.signals.find((s) => s.kind !== 'traffic')?.kind;
    const handling = lead === 'latency' || (lead === 'client_latency' && passed.has(c.service));
    const waits = !found && c.category === 'dependency_failure' && handling && !works.has(c.service) && !c.explainedBy;
    found ||= c.signals.some((s) => !s.weak && CAUSE.has(s.kind));
    // The service the report is about waits on the backend of the route it names; any service, on the store of its name.
    const routed = reported.on.includes(c.service) ? reported.routes.filter((r) => r !== c.service) : [];
    // The stores its calls reach, as its metrics' peer labels and its lines' addresses show; the naming convention
    // (`<svc>-db`) only when the data ties it to none.
    const called = [...(reported.calls?.get(c.service) ?? [])];
    // A service on a node that retransmits more since the onset, waiting on a store on a node that does not: the loss
    // may be on its own path, and the store it calls is no likelier than itself.
    const ownLoss = (s: string) => reported.lossy?.has(c.service) === true && !reported.lossy.has(s);
    const stores = waits ? [...new Set([...routed, ...(called.length ? called : ownStores(c.service, known))])].filter((s) => !strong.has(s) && !placed.has(s) && !ownLoss(s)) : [];
    // The route's backend first (the report names it); of several stores (a cache and a database), the one with weak
    // evidence of its own first, else by name.
    stores.sort((a, b) => +routed.includes(b) - +routed.includes(a) || (ranked.find((x) => x.service === b)?.score ?? 0) - (ranked.find((x) => x.service === a)?.score ?? 0) || a.localeCompare(b));
    for (const store of stores) {
      placed.add(store);
      out.push({
        service: store,
        score: c.score,
        category: 'dependency_failure',
        nature: routed.includes(store) ? `the backend of the route the report names, which ${c.service} waits on` : called.includes(store) ? `the data store ${c.service} calls, which ${c.service} waits on` : `the data store only ${c.service} uses, which ${c.service} waits on`,
        signals: c.signals,
        why: `${c.service}'s own handling slowed with no resource signal of its own, so it waits on what it calls, and ${store} is ${routed.includes(store) ? "the route's backend" : called.includes(store) ? 'the store its calls reach' : 'the store named after it'}`,
        explainedBy: null,
        waitedBy: c.service,
      });
    }
    if (!placed.has(c.service)) out.push(c);
  }
  return out;
}

/** The services the report is about and the backends of the routes it names. */
export interface WaitedReport {
  on: string[];
  routes: string[];
  /** Per service, the data stores the data shows it calls (store-callers.ts); absent: none known. */
  calls?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Services with a pod on a node whose retransmits or drops rose since the onset (lossy-nodes.ts). */
  lossy?: ReadonlySet<string>;
}
