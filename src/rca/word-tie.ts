// A change tied to the errors by one word alone, made to another service than the ones logging them, with nothing in
// the data relating the two: such a tie is a coincidence of vocabulary, not evidence, and must not outrank the failing side.
import type { WordOnlyTie } from './analyzer.js';
import type { RelatedSignature } from './related-signatures.js';
import { releasePrefix } from '../core/release-tag.js';
import { signatureText } from './signature-words.js';
import { topDirectory } from './change-settings.js';

export type { WordOnlyTie };

/** What the change correlation knows of one change and of the incident, for the test. */
export interface TieInputs {
  ref: string | null;
  paths: string[];
  /** Words it shares with the errors (surface forms), and a file of it the errors' stack names, if any. */
  matched: string[];
  pathMatch: string | null;
  /** Systems the errors name that its changed lines name too (a host, a topic, another service). */
  mentions: string[];
  related: RelatedSignature[];
  /** Caller -> callees seen in the window (request flows, metric labels of both ends of a call). */
  calls: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The service a change is a release or a folder of: its tag's folder (`storefront/v8.3.0`), else its one top folder. */
export function changeOwner(ref: string | null, paths: string[]): string | null {
  const p = ref ? releasePrefix(ref) : null;
  const folder = p ? p.folder.slice(p.folder.lastIndexOf('/') + 1).toLowerCase() : null;
  return folder || topDirectory(paths);
}

/**
 * Two names that may be one system: equal, one a dash- or dot-delimited part of the other (`edge` and `edge-caddy`,
 * `payments` and `payments.internal`). Loose on purpose: the tie is only called a coincidence when they surely differ.
 */
export function maySame(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  const parts = (s: string) => s.split(/[-_.]/).filter(Boolean);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const sp = parts(short);
  const lp = parts(long);
  return lp.some((_, i) => sp.every((p, j) => lp[i + j] === p));
}

/**
 * The words rest on one concept: a single word, or words that all sit in one unbroken piece of one error line (a
 * route `/api/orders/recent`, an identifier `recent_orders`): a path names one thing, however many words it has.
 */
export function oneConcept(words: string[], texts: string[]): boolean {
  if (words.length <= 1) return true;
  const ws = words.map((w) => w.toLowerCase());
  return texts.some((t) => t.toLowerCase().split(/[\s"'`]+/).some((piece) => ws.every((w) => piece.includes(w))));
}

/**
 * The tie, when the change shares only one concept with the errors (a), is another service's than the ones whose
 * lines hold that word (b), and nothing relates the two (c): no call between them either way, no failing line that
 * names the changed service, no system its changed lines name that the errors name, no file of it in their stacks.
 * Real releases that break another service leave such a trace: the callers' errors name the callee or its host, a
 * mesh or the request flows show the call, a consumer's stack names the producer's file. Null when any holds.
 */
export function wordOnlyTie(t: TieInputs): WordOnlyTie | null {
  if (t.matched.length === 0 || t.pathMatch || t.mentions.length > 0) return null;
  const owner = changeOwner(t.ref, t.paths);
  if (!owner) return null;
  const holding = t.related.filter((r) => t.matched.some((w) => signatureText(r.sig).toLowerCase().includes(w.toLowerCase())));
  const failing = [...new Set(holding.flatMap((r) => [r.service, ...(r.sig.services ?? [])]).filter((s): s is string => !!s))];
  if (failing.length === 0 || failing.some((f) => maySame(f, owner))) return null;
  if (!oneConcept(t.matched, holding.map((r) => signatureText(r.sig)))) return null;
  const named = new RegExp(`(^|[^a-z0-9-])${owner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`, 'i');
  if (t.related.some((r) => named.test(signatureText(r.sig)))) return null;
  const calls = (a: string, b: string) => [...(t.calls.get(a) ?? [])].some((x) => maySame(x, b));
  const called = [...t.calls.keys()].some((k) => failing.some((f) => (maySame(k, owner) && calls(k, f)) || (maySame(k, f) && calls(k, owner))));
  return called ? null : { owner, failing, words: t.matched };
}
