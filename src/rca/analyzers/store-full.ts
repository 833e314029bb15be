// A data store out of room to write (a transaction log full, a disk past its flood-stage watermark, no space left on the
// device): its own log says so, or its clients' errors relay its refusal. A resource run out, which no commit shows.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { DISK, textOf } from '../signals.js';
import type { RelatedSignature } from '../related-signatures.js';
import { msOf } from '../series.js';
import { linkToStore, serviceHosts } from '../store-links.js';

/**
 * A store's own words for refusing writes because its storage is full, beside the filesystem's (signals.ts' DISK):
 * SQL Server's error 9002 ("The transaction log for database 'X' is full"), Elasticsearch's and OpenSearch's
 * flood-stage watermark and the read-only-allow-delete block it sets, PostgreSQL's "could not extend file", SQLite's
 * "database or disk is full", MySQL's "The table 'x' is full", Oracle's "unable to extend" and its archiver stuck.
 * Also out of transaction ids: PostgreSQL stops every write with "database is not accepting commands to avoid
 * wraparound data loss" once vacuum could not freeze old rows (a stale replication slot, a long transaction holds them);
 * its "must be vacuumed within N transactions" count-down before that is a warning, not a refusal.
 */
export const STORE_FULL =
  /\btransaction log for database\b.{0,120}\bis full\b|\bflood[- _]stage\b.{0,40}\bwatermark\b|\bread[-_ ]only[-_ ]allow[-_ ]delete\b|\bcould not extend file\b|\bdatabase or disk is full\b|\bSQLITE_FULL\b|\bthe table '[^']{1,128}' is full\b|\bunable to extend (?:table|index|segment|temp segment|lob segment)\b|\barchiver error\b|\bnot accepting commands to avoid wraparound data loss\b/i;
/** Out of transaction ids, not of storage (the fix differs: freeze old rows, release what holds them back). */
const WRAPAROUND = /\bto avoid wraparound data loss\b/i;

/** Share of the incident's errors the store's refusals, and its clients' errors about it, must make up together. */
const MIN_WEIGHT = 0.15;
/** The store's refusals must begin by then: out of room after the clients failed, it is their consequence. */
const LATE_MS = 5 * 60_000;

const full = (r: RelatedSignature): boolean => STORE_FULL.test(textOf(r)) || DISK.test(textOf(r));

interface Found {
  store: string;
  /** The store's own new errors (its words, or any when its clients relay its words). */
  own: RelatedSignature[];
  /** Its clients' errors: relaying its refusal, or naming it. */
  clients: RelatedSignature[];
  /** The refusal quoted: a signature whose words say the storage is full. */
  said: RelatedSignature;
}

/**
 * The store that is out of room. Either its own log says so from the onset on and its clients' new errors name it, or
 * its clients' errors relay the refusal and one other service, named in them, is the one whose own errors rose with
 * theirs. A service whose own errors say nothing of storage and that no refusal names is a bystander.
 */
function findStore(related: RelatedSignature[], onset: number, hosts: ReadonlyMap<string, ReadonlySet<string>>): Found | null {
  const refusals = related.filter((r) => full(r) && r.service !== null && msOf(r.sig.first_seen) <= onset + LATE_MS);
  if (refusals.length === 0) return null;
  const services = [...new Set(related.map((r) => r.service).filter((s): s is string => s !== null))];
  // A client's words tie it to a store by the address they name, else the store's whole name (store-links.ts).
  const names = (r: RelatedSignature, store: string) => linkToStore(textOf(r), store, hosts, services) !== null;
  const ownOf = (s: string) => related.filter((r) => r.service === s);
  // A client relaying a store's refusal names that store, which has errors of its own: it is no store itself.
  const relays = (s: string) => refusals.some((r) => r.service === s && services.some((t) => t !== s && ownOf(t).length > 0 && names(r, t)));
  const found: Found[] = [];
  for (const store of services.filter((s) => !relays(s))) {
    const own = ownOf(store);
    const saysFull = own.filter((r) => refusals.includes(r));
    const others = related.filter((r) => r.service !== null && r.service !== store);
    if (saysFull.length > 0) {
      // Its own log says it is full; its clients are those whose new errors name it. A refusal that names no store is
      // its client's own (its disk, its table) and blames no store.
      const clients = others.filter((r) => names(r, store));
      if (clients.length > 0) found.push({ store, own, clients, said: saysFull[0]! });
      continue;
    }
    // Silent about storage in its own errors (a server whose log states the error number on one line and its words on
    // the next): the clients' refusals must name it, and it must not be one of the clients relaying them.
    const relayed = others.filter((r) => refusals.includes(r) && names(r, store));
    if (relayed.length > 0 && own.length > 0) found.push({ store, own, clients: relayed, said: relayed[0]! });
  }
  const weight = (f: Found) => [...f.own, ...f.clients].reduce((a, r) => a + r.weight, 0);
  // Own words first, then the most weight; two stores that both fit from their clients' words alone are ambiguous.
  const ranked = found.filter((f) => weight(f) >= MIN_WEIGHT).sort((a, b) => Number(b.own.includes(b.said)) - Number(a.own.includes(a.said)) || weight(b) - weight(a));
  const best = ranked[0];
  if (!best) return null;
  if (!best.own.includes(best.said) && ranked.length > 1 && !ranked[1]!.own.includes(ranked[1]!.said)) return null;
  return best;
}

export const storeFull: Analyzer = {
  name: 'store-full',
  description: "A data store out of room to write (transaction log full, disk past the flood-stage watermark), said by it or relayed by its clients",
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const f = findStore(ctx.related, ctx.onset, serviceHosts(bundle));
    if (!f) return [];
    const store = normalizeService(f.store);
    const ownWords = f.own.includes(f.said);
    const weight = [...f.own, ...f.clients].reduce((a, r) => a + r.weight, 0);
    const confidence = Math.min(0.85, 0.6 + (ownWords ? 0.1 : 0.05) + Math.min(0.1, weight / 5));
    const client = f.clients[0]!;
    const where = client.service ?? 'its clients';
    const ids = WRAPAROUND.test(textOf(f.said));
    return [
      {
        kind: 'condition',
        condition: 'store_full',
        category: 'resource_exhaustion',
        service: store,
        analyzer: this.name,
        summary: `${store} ran out of ${ids ? 'transaction ids' : 'room'} to write: "${f.said.sig.template.slice(0, 200)}" (${f.said.post}× since the onset${ownWords ? ', in its own log' : `, relayed by ${where}`}); ${where}'s writes fail with it`,
        confidence,
        evidence: bundle.signatures
          ? refs(
              cite(bundle, bundle.signatures.call_id, `${store} out of room to write: ${f.said.post} entries`, [f.said.sig.example.split('\n')[0] ?? '', f.said.sig.template]),
              client !== f.said ? cite(bundle, bundle.signatures.call_id, `${where}'s new errors about ${store}: ${client.post} entries`, [client.sig.example.split('\n')[0] ?? '', client.sig.template]) : null,
            )
          : [],
        timeline: [{ time: new Date(msOf(f.said.sig.first_seen)).toISOString(), source: 'logs' as const, event: `${store}: ${f.said.sig.template.slice(0, 200)}` }],
        names: [store],
        recommendation: ids
          ? `Vacuum (freeze) the oldest tables of ${store} so it accepts writes again, after removing what held its oldest transaction id back (a stale replication slot, a prepared or long-running transaction); alert on the age of the oldest transaction id long before the limit`
          : `Give ${store} room to write again (free or add storage, truncate or back up what holds it, lift the read-only block once space is back), then find why it filled: a failing backup or cleanup, a lost node whose data moved onto the others; alert on free space before the store refuses writes`,
      },
    ];
  },
};
