// A response refused by its receiver for its size (gRPC's 4 MiB default): the sender's change made it that large, so
// the callee the refusing client names is the cause, not the client's own release whose words meet the error.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { changeOf, type ChangeFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { namedServices } from './localize/named-services.js';
import type { RelatedSignature } from './related-signatures.js';
import { signatureText } from './signature-words.js';
import { minutes } from './analyzers/change-correlation.js';

/**
 * A message refused by the side that reads it for exceeding its inbound limit, in the words gRPC's libraries use:
 * Java's `RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800`, Go's and Node's `received message
 * larger than max (5000000 vs. 4194304)`, .NET's `Received message exceeds the maximum configured message size`.
 */
export const MESSAGE_TOO_LARGE = /message exceeds maximum size|received message larger than max|received message exceeds the maximum configured message size/i;

const risen = (r: RelatedSignature) => r.post > 0 && (r.isNew || r.post > 3 * Math.max(1, r.pre));

/**
 * With a client's calls refused as too large and the refusal naming one other known service (its client class, the
 * RPC's package: `catalog.CatalogClient.listProducts`), names that service's latest change live before the first
 * refusal: the limit sits in the reader, but what grew is what the callee sends. A cache in front of the call delays
 * the onset past the release (each entry fails as it expires), so the tie is the first refusal, not the onset.
 * A server refusing a client's large request logs it as its own, naming no callee, and is left alone.
 */
export function rankResponseSize(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const refusals = ctx.related.filter((r) => risen(r) && r.service && MESSAGE_TOO_LARGE.test(signatureText(r.sig)));
  const senders = new Set<string>();
  for (const r of refusals) {
    const others = [...ctx.services].filter((s) => s !== r.service);
    for (const s of namedServices(signatureText(r.sig), others, { stems: true })) senders.add(s);
  }
  if (senders.size !== 1) return;
  const sender = [...senders][0]!;
  const first = Math.min(ctx.onset, ...refusals.map((r) => (r.sig.first_seen ? Date.parse(r.sig.first_seen) : ctx.onset!)));
  const change = changes
    .filter((c) => !c.inert && Date.parse(c.change.time) <= first && changeOf(c, sender))
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time) || b.relevance - a.relevance)[0];
  if (!change) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(change, [], base, ctx, 'relevance');
  h.service = sender;
  h.category = change.configOnly ? 'config_error' : 'code_regression';
  const refusal = refusals[0]!;
  const quote = (signatureText(refusal.sig).split('\n').find((l) => MESSAGE_TOO_LARGE.test(l)) ?? '').trim().slice(0, 120);
  const gap = minutes(Math.max(0, first - Date.parse(change.change.time)));
  const ref = change.change.ref ? ` (${change.change.ref})` : '';
  h.summary =
    `${refusal.service} refuses ${sender}'s responses as too large ("${quote}") since commit ${change.change.sha.slice(0, 8)} "${change.change.message}"${ref} went live ${gap} before the first refusal: ` +
    `the limit is the reader's, but what grew is what ${sender} sends`;
  const top = hypotheses.reduce((m, o) => Math.max(m, o.score), 0);
  h.score = h.confidence = Math.min(0.9, Math.max(0.6, top + 0.02));
  h.recommendations = [
    `Roll back${change.change.ref ? ` ${change.change.ref}` : ''} or revert ${change.change.sha.slice(0, 12)} "${change.change.message}" so ${sender}'s responses fit again`,
    `Page or stream large answers (or send references instead of inline blobs); raise the reader's inbound limit (maxInboundMessageSize) only as a stopgap, and alert on response size near it`,
  ];
  hypotheses.push(h);
}
