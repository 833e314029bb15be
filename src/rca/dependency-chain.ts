// The walk from a caller's timeouts to the dependency they wait on, and on to that dependency's own state: a caller's
// timeouts that name nobody wait on what its other timeouts name, and a dependency whose own log says it is starved.
import type { AnalysisContext } from './context.js';
import type { RelatedSignature } from './related-signatures.js';
import { OVERLOADED, TIMED_OUT, textOf } from './signals.js';

interface Blamed {
  weight: number;
  sigs: RelatedSignature[];
}

/**
 * A service's timeouts that name no system ("acquire payout lock: context deadline exceeded") are its waits on the one
 * system its other timeouts in the window name (its client library's "DeadlineExceeded" against that system's address):
 * one service times out on one dependency. Nothing is added when its named timeouts point at more than one system.
 */
export function attributeUnnamedTimeouts(failing: RelatedSignature[], blames: Map<string, Blamed>): void {
  const named = new Set([...blames.values()].flatMap((b) => b.sigs));
  for (const r of failing) {
    if (named.has(r) || !r.service || !TIMED_OUT.test(textOf(r))) continue;
    const waitedOn = [...blames.values()].filter((b) => b.sigs.some((x) => x.service === r.service && TIMED_OUT.test(textOf(x))));
    if (waitedOn.length !== 1) continue;
    waitedOn[0]!.weight += r.weight;
    waitedOn[0]!.sigs.push(r);
  }
}

/**
 * The dependency's own warnings that it is overloaded or slow on its disk ("slow fdatasync", "apply request took too
 * long"), risen with the incident: the dependency is not down but starved, the callers' timeouts are what that does.
 */
export function ownOverload(ctx: AnalysisContext, dependency: string): RelatedSignature[] {
  return ctx.related.filter((r) => r.service === dependency && OVERLOADED.test(textOf(r)) && (r.isNew || r.post > 2 * r.pre + 2)).sort((a, b) => b.weight - a.weight);
}

/**
 * The named dependency where the wait ends: when the one the callers' errors name most times out itself on another
 * they name ("orders returned 500: TimeoutException (waiting on carts)", with orders' own timeouts naming carts), it
 * only relays that one's slowness, so the walk goes on to it, as long as the callers' errors name it about as much.
 * `waits`: per service, the services its own timeout lines name (localize/timeout-edges.ts).
 */
export function furthestWait<T extends { name: string; weight: number }>(ranked: T[], waits: ReadonlyMap<string, ReadonlySet<string>>): T[] {
  let top = ranked[0];
  const seen = new Set<string>();
  while (top && !seen.has(top.name)) {
    seen.add(top.name);
    const from: T = top;
    const next = ranked.find((b) => b !== from && waits.get(from.name)?.has(b.name) && b.weight >= 0.5 * from.weight);
    if (!next) break;
    top = next;
  }
  return top && top !== ranked[0] ? [top, ...ranked.filter((b) => b !== top)] : ranked;
}
