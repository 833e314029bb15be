// Logs often name a service a little differently from its metrics (`cart-server` or `cartservice` in the logs, `cart`
// on the pods): such a name is read as the one metric service with the same stem, so its evidence is not split in two.
import { GLUED, SUFFIXES } from './named-services.js';

/**
 * A name's stem: lower case, separators made one, trailing words that only say "this is a service" dropped, separate
 * or glued on. They are the words the incident text is read with (named-services.ts): role words (worker, db, proxy)
 * stay, and only the long ones are stripped when glued ("cartservice"), as a glued "api" or "app" ends ordinary words.
 */
export function serviceStem(name: string): string {
  const words = name.toLowerCase().split(/[-_.\s]+/).filter((w) => w.length > 0);
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1]!)) words.pop();
  const last = words[words.length - 1] ?? '';
  const glued = GLUED.find((g) => last.length > g.length + 2 && last.endsWith(g));
  if (glued) words[words.length - 1] = last.slice(0, -glued.length);
  return words.join('-');
}

/**
 * For each name in `others` that is not a `canonical` name, the canonical name it stands for: the only canonical
 * name with the same stem. Names with no such match, or more than one, are left out (they stay as they are).
 */
export function serviceAliases(canonical: Iterable<string>, others: Iterable<string>): Map<string, string> {
  const known = new Set(canonical);
  const byStem = new Map<string, string | null>();
  for (const name of known) {
    const stem = serviceStem(name);
    byStem.set(stem, byStem.has(stem) ? null : name);
  }
  const out = new Map<string, string>();
  for (const name of new Set(others)) {
    if (known.has(name)) continue;
    const target = byStem.get(serviceStem(name));
    if (target) out.set(name, target);
  }
  return out;
}

/** A call graph with its services renamed by `aliases` (callers and callees), calls within one service dropped. */
export function aliasCallGraph(graph: Map<string, Set<string>>, aliases: Map<string, string>): Map<string, Set<string>> {
  if (aliases.size === 0) return graph;
  const name = (s: string) => aliases.get(s) ?? s;
  const out = new Map<string, Set<string>>();
  for (const [caller, callees] of graph) {
    const from = name(caller);
    const set = out.get(from) ?? new Set<string>();
    for (const c of callees) if (name(c) !== from) set.add(name(c));
    out.set(from, set);
  }
  return out;
}
