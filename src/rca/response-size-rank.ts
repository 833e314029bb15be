// A response refused by its receiver for its size (gRPC's 4 MiB default): the sender's change made it that large, so
// the callee the refusing client names is the cause, not the client's own release whose words meet the error.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { changeOf, type ChangeFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { namedServices } from './localize/named-services.js';
import { serviceStem } from './localize/service-aliases.js';
import type { RelatedSignature } from './related-signatures.js';
import { signatureText } from './signature-words.js';
import { minutes } from './analyzers/change-correlation.js';

/**
 * A message refused by the side that reads it for exceeding its inbound limit, in the words the RPC libraries use:
 * grpc-java's `RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800`, grpc-go's, grpc-js's and
 * Python's `received message larger than max (5000000 vs. 4194304)`, Grpc.Net's `Received message exceeds the maximum
 * configured message size`, Thrift's `Frame size (16777217) larger than max length (16384000)`, Spring WebClient's
 * `DataBufferLimitException: Exceeded limit on max bytes to buffer`. A sender's own refusal (grpc-go's `trying to send
 * message larger than max`, an HTTP 413 for a request body) is not one: there the caller's message grew.
 */
export const MESSAGE_TOO_LARGE =
  /message exceeds maximum size|received message larger than max|received message exceeds the maximum configured message size|frame size \(\d+\) larger than max length|exceeded limit on max bytes to buffer/i;

const risen = (r: RelatedSignature) => r.post > 0 && (r.isNew || r.post > 3 * Math.max(1, r.pre));

/**
 * What names the other end of a refused call: the signature's text (its message, exception and frames: the client
 * class that made the call), the peer its record's fields name (gRPC's `target`), and the logger it was written by (a
 * client wrapper logs under its own class, `c.a.bff.catalog.CatalogClient`, often with no trace at all).
 */
const peerText = (r: RelatedSignature) => [signatureText(r.sig), r.sig.peer, r.sig.logger].filter(Boolean).join('\n');

/**
 * With a client's calls refused as too large and the refusal naming one other known service (its client class, the
 * RPC's package: `catalog.CatalogClient.listProducts`), names that service's latest change live before the first
 * refusal: the limit sits in the reader, but what grew is what the callee sends. A cache in front of the call delays
 * the onset past the release (each entry fails as it expires), so the tie is the first refusal, not the onset.
 * One system often goes by two names (`catalog` on its metrics, `catalog-svc` in its logs and release tags): the names
 * with the named one's stem are that one callee. A server refusing a client's large request logs it as its own,
 * naming no callee, and is left alone; so is a callee with no change before the first refusal. Changes that went
 * live after the first refusal rank below it.
 */
export function rankResponseSize(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const refusals = ctx.related.filter((r) => risen(r) && r.service && MESSAGE_TOO_LARGE.test(signatureText(r.sig)));
  const readers = new Set(refusals.map((r) => serviceStem(r.service!)));
  const stems = new Set<string>();
  for (const r of refusals) {
    const others = [...ctx.services].filter((s) => !readers.has(serviceStem(s)));
    for (const s of namedServices(peerText(r), others, { stems: true })) stems.add(serviceStem(s));
  }
  if (stems.size !== 1) return;
  const stem = [...stems][0]!;
  const names = [...ctx.services].filter((s) => serviceStem(s) === stem);
  const first = Math.min(ctx.onset, ...refusals.map((r) => (r.sig.first_seen ? Date.parse(r.sig.first_seen) : ctx.onset!)));
  const change = changes
    .filter((c) => !c.inert && Date.parse(c.change.time) <= first && names.some((n) => changeOf(c, n)))
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time) || b.relevance - a.relevance)[0];
  if (!change) return;
  const sender = names.find((n) => changeOf(change, n))!;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(change, [], base, ctx, 'relevance');
  h.service = sender;
  h.category = change.configOnly ? 'config_error' : 'code_regression';
  const refusal = refusals[0]!;
  const quote = (signatureText(refusal.sig).split('\n').find((l) => MESSAGE_TOO_LARGE.test(l)) ?? '').trim().slice(0, 120);
  const ms = first - Date.parse(change.change.time);
  const gap = ms < 60_000 ? 'under a minute' : minutes(ms);
  const ref = change.change.ref ? ` (${change.change.ref})` : '';
  h.summary =
    `${refusal.service} refuses ${sender}'s responses as too large ("${quote}") since commit ${change.change.sha.slice(0, 8)} "${change.change.message}"${ref} went live ${gap} before the first refusal: ` +
    `the limit is the reader's, but what grew is what ${sender} sends`;
  if (first < ctx.onset) h.failingSince = { time: first, what: `${refusal.service}'s refusals of ${sender}'s responses` };
  h.score = h.confidence = justAbove(hypotheses, 0.6, 0.9);
  // A change that went live after the refusals began (the reader's own later release, however many words it shares
  // with them) did not cause them: it ranks below.
  for (const o of hypotheses) {
    if (!o.suspect || Date.parse(o.suspect.time) <= first) continue;
    o.score = Math.min(o.score, h.score - 0.05);
    o.confidence = Math.min(o.confidence, o.score);
  }
  h.recommendations = [
    `Roll back${change.change.ref ? ` ${change.change.ref}` : ''} or revert ${change.change.sha.slice(0, 12)} "${change.change.message}" so ${sender}'s responses fit again`,
    `Page or stream large answers (or send references instead of inline blobs); raise the reader's inbound limit (maxInboundMessageSize) only as a stopgap, and alert on response size near it`,
  ];
  hypotheses.push(h);
}
