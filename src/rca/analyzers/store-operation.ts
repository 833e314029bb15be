// A heavy operation someone ran by hand on a data store (a mutation, VACUUM FULL, REINDEX, OPTIMIZE), recorded in the
// store's own log shortly before the store began refusing work: a change to production that no commit or release shows.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { textOf } from '../signals.js';
import type { RelatedSignature } from '../related-signatures.js';
import { minutes } from './change-correlation.js';

/**
 * How long before the onset such an operation may have set it off: a mutation or a full rewrite holds the store's
 * background work (merges, vacuum, replication) for as long as it runs, and the backlog it leaves takes a while to
 * reach the store's limit. After the onset it is a reaction, not a cause.
 */
const BEFORE_MS = 3 * 60 * 60_000;
/**
 * The onset is the minute the errors rose (onset-logs.ts floors it): an operation started within that minute (etcd's
 * defragment blocks the member at once, so its clients' first timeouts share its second) came before them.
 */
const ONSET_MINUTE_MS = 60_000;
/** Share of the incident's errors the store's own refusals, or its clients' errors naming it, must make up. */
const MIN_WEIGHT = 0.1;

/**
 * `clickhouse` in "clickhouse insert failed", not in "clickhousekeeper": the store named as a word. Its server's own
 * name counts as the store's: etcd's client errors read "etcdserver: request timed out" (rpctypes' prefix).
 */
export function namesStore(text: string, store: string): boolean {
  const lower = text.toLowerCase();
  // Every place it occurs: "rpctypes.EtcdError{…}: etcdserver: …" names etcd at its second.
  for (let i = lower.indexOf(store); i >= 0; i = lower.indexOf(store, i + 1)) {
    const before = text[i - 1];
    const rest = text.slice(i + store.length);
    const after = /^server\b/i.test(rest) ? undefined : rest[0];
    if ((before === undefined || !/[a-z0-9]/i.test(before)) && (after === undefined || !/[a-z0-9]/i.test(after))) return true;
  }
  return false;
}

/** The store refusing work from the onset on: its own new errors, and its clients' errors naming it. */
function refusals(related: RelatedSignature[], store: string): { own: RelatedSignature[]; named: RelatedSignature[]; weight: number } {
  const own = related.filter((r) => r.service !== null && normalizeService(r.service) === store);
  const named = related.filter((r) => !own.includes(r) && namesStore(textOf(r), store));
  return { own, named, weight: [...own, ...named].reduce((a, r) => a + r.weight, 0) };
}

export const storeOperation: Analyzer = {
  name: 'store-operation',
  description: 'A heavy operation run by hand on a data store (mutation, VACUUM FULL, REINDEX, OPTIMIZE) shortly before the store refused work',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    // The store's own log records it: that log's service is the store.
    const ops = (flows.data.announcements ?? []).filter((a) => a.kind === 'operation' && a.service !== null && a.time >= onset - BEFORE_MS && a.time < onset + ONSET_MINUTE_MS);
    // Of the stores operated on, the one that refuses work most; its first operation in the window.
    const found = [...new Set(ops.map((a) => normalizeService(a.service!)))]
      .map((store) => ({ store, ...refusals(ctx.related, store) }))
      .filter((x) => x.weight >= MIN_WEIGHT)
      .sort((x, y) => y.weight - x.weight)[0];
    if (!found) return [];
    const { store, own, named, weight } = found;
    const first = ops.find((a) => normalizeService(a.service!) === store)!;
    const top = [...own, ...named].sort((a, b) => b.weight - a.weight)[0]!;
    const line = first.text.length > 200 ? `${first.text.slice(0, 199)}…` : first.text;
    const at = new Date(first.time).toISOString();
    // Both its own refusals and its clients' failures point at it: the strongest case.
    const confidence = Math.min(0.85, 0.6 + (own.length > 0 ? 0.1 : 0) + (named.length > 0 ? 0.05 : 0) + Math.min(0.1, weight / 5));
    return [
      {
        kind: 'condition',
        condition: 'store_operation',
        category: 'resource_exhaustion',
        service: store,
        analyzer: this.name,
        summary: `${store} ran an operation by hand ${first.time < onset ? `${minutes(onset - first.time)} before the onset` : 'in the onset minute'} ("${line}"), no release of any service; since the onset it refuses work: "${top.sig.template}" (${top.post}×)`,
        confidence,
        evidence: refs(
          cite(bundle, flows.call_id, `an operation run on ${store} by hand`, [first.text]),
          bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${top.post} entries since the onset`, [top.sig.template]) : null,
        ),
        timeline: ops.slice(0, 2).map((a) => ({ time: new Date(a.time).toISOString(), source: 'logs' as const, event: `operation on ${store}: ${a.text.slice(0, 200)}` })),
        names: [store, ...(first.objects ?? [])],
        recommendation: `Stop or throttle the operation started on ${store} at ${at} (kill the mutation or query, let its background work drain) and confirm ${store} accepts work again; schedule such operations off-peak, in smaller batches`,
      },
    ];
  },
};
