// Per-service signal where the logs carry no trace ids: a service's own entries, in the order its log holds them, that
// stopped going from one statement to the next they always went to (request_flows' sequences, servers/logs/own-sequences.ts).
import type { EvidenceBundle } from '../bundle.js';
import type { SignalSet } from './signal.js';
import { breaksIn } from './flow-scores.js';

/**
 * Least share of a statement's next entries before the onset that one pair must have carried: on a service's code path
 * the next statement follows every time the path is taken, while other requests' entries interleaved between them and
 * the branches a request may take share the rest; a pair that was not the step's usual successor says little.
 */
const USUAL = 0.5;

/**
 * The same test as a traced flow break (flow-scores.ts), on each service's own sequence: the pair must have been the
 * step's usual successor before the onset, (nearly) vanish after it while its first statement goes on, and the entries
 * that still arrive must go elsewhere. Only a service's own statements are paired, so it names that service alone; a
 * callee that stopped answering can change its caller's next statement too, and is then read beside its own signals.
 */
export function ownSequenceBreaks(bundle: EvidenceBundle, onset: number): SignalSet {
  const flows = bundle.flows?.data;
  const seq = flows?.sequences;
  if (!flows || !seq || flows.transitions.length > 0 || !flows.statementMinutes?.length) return { signals: [], population: new Map() };
  const own = { minutes: flows.statementMinutes, steps: seq.steps, transitions: seq.transitions, calls: [], services: [] };
  return breaksIn(bundle, own, onset, { family: 'log statements', path: 'own entries' }, USUAL);
}
