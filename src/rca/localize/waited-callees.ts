// Which services a caller that only waits on its calls may be waiting on: those below it in the call graph, or, with no
// graph known, any other. A place with evidence of its own there is a likelier origin than the caller that waits on it.

/** Everything `service` calls, directly or further down. */
export function descendants(service: string, callees: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  const todo = [...(callees.get(service) ?? [])];
  while (todo.length) {
    const s = todo.pop()!;
    if (s === service || out.has(s)) continue;
    out.add(s);
    todo.push(...(callees.get(s) ?? []));
  }
  return out;
}

/**
 * The first of `waiters` (callers whose only evidence is their own calls getting slower or failing, strongest first)
 * that `service` may be what it waits on, or null. A synchronous caller's client-side latency contains its callees'
 * time and the network to them, so a caller that waits says the trouble began below it; a delay injected on a callee's
 * own interface (netem) slows its callers' calls while its own handling time stays flat, so the callee is left with at
 * most a small departure of its own (its outbound calls' p90 a histogram bucket higher). Where request flows or
 * caller/callee labels give a call graph, only services below the caller qualify: one elsewhere cannot be what it
 * waits on. With no graph known, any other service may be.
 */
export function waitedOnBy(service: string, waiters: readonly string[], callees: ReadonlyMap<string, ReadonlySet<string>> | undefined): string | null {
  const known = callees !== undefined && callees.size > 0;
  return waiters.find((w) => w !== service && (!known || descendants(w, callees).has(service))) ?? null;
}
