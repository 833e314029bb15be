// Victim versus culprit without a call graph: a service whose own outbound calls got slower (its client-side latency,
// or the edges it calls, rose by its own baseline's measure) is waiting on its callees, so its latency and errors are
// the callees' trouble passed on; they are re-read as symptom kinds, and the walk goes on past it.
import type { ServiceSignal, SignalKind } from './signal.js';

/** What a caller's own signal becomes when its outbound calls explain it. */
const PASSED_ON: Partial<Record<SignalKind, SignalKind>> = { latency: 'client_latency', errors: 'client_errors' };

/**
 * Re-reads the latency and error signals of services whose outbound calls rose (`waiting`: service -> the outbound
 * series that rose, in words). Resource pressure stays the service's own. Only when another service moved too (weak
 * signals do not count): with nobody else anomalous there is nothing to pass the blame to, and the evidence stays where
 * it was seen. Another caller whose calls slowed at the same time counts: two callers waiting at once wait on
 * something below them (a delay on a callee's network path shows only in its callers' client latency, as with netem
 * on a pod's interface, where the callee's own handling time is unchanged), not on each other.
 */
export function passOnToCallees(signals: ServiceSignal[], waiting: Map<string, string>): ServiceSignal[] {
  const moved = new Set(signals.filter((s) => !s.weak).map((s) => s.service));
  const others = (service: string) => moved.size - (moved.has(service) ? 1 : 0) > 0;
  return signals.map((s) => {
    const kind = waiting.has(s.service) && others(s.service) ? PASSED_ON[s.kind] : undefined;
    if (!kind) return s;
    return { ...s, kind, passedFrom: s.kind, what: `${s.what}; its own calls slowed with it (${waiting.get(s.service)}), so it is waiting on a callee` };
  });
}

/** The services whose own handling time (server-side latency) was passed on to their callees: they wait on what they call. */
export function passedOn(signals: ServiceSignal[]): Set<string> {
  return new Set(signals.filter((s) => !s.weak && s.passedFrom === 'latency').map((s) => s.service));
}
