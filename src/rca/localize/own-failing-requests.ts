// Per-service signal where the logs carry no trace ids: a service whose own bursts of entries (one request's part each,
// servers/logs/own-requests.ts) mostly hold an error of its own after the onset, read as traced failing requests are.
import type { EvidenceBundle } from '../bundle.js';
import type { SignalSet } from './signal.js';
import { failingShares } from './flow-failures.js';

/**
 * The untraced twin of failing requests (flow-failures.ts): a wrong return value left in place fails each request the
 * same way before and after the onset, so no rate moves; what shows is a service that fails most of what it serves.
 * Bursts are its own, so a caller is counted failing only where it logged an error itself; a caller that relays its
 * callee's failure as its own error fails its requests too, and is then read beside the callee's other signals.
 * Traced logs keep the traced test: there the first error of each request says which service failed first.
 */
export function ownFailingRequests(bundle: EvidenceBundle, onset: number, countZScale: number): SignalSet {
  const flows = bundle.flows?.data;
  const own = flows?.ownRequests;
  if (!flows || !own?.length || flows.transitions.length > 0 || !flows.statementMinutes?.length) return { signals: [], population: new Map() };
  const what = (k: number, n: number, service: string, history: string) => `${k} of ${service}'s ${n} bursts of its own entries (its requests, no trace ids) after the onset held an error of its own${history}`;
  return failingShares(bundle, flows.statementMinutes, own, onset, countZScale, what);
}
