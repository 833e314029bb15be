// Per-service signal from a database's own slow-statement lines (mongod's "Slow query", PostgreSQL's "duration:", a
// slow log), at whatever level: their count jumping at the onset says the database itself got slower for its clients.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import type { ServiceSignal, SignalSet } from './signal.js';

/**
 * A database's own words for a statement it found slow: mongod's `Slow query`, MySQL's and others' slow query or
 * operation, PostgreSQL's `duration: 1204.3 ms  statement: ...`. A bare "duration:" is left out: applications log it
 * for every request, where it counts traffic, not slowness.
 */
const SLOW_STATEMENT = /\bslow (?:query|statement|operation)\b|\bduration: \S+ ms\s+(?:statement|execute|parse|bind)\b/i;

const MIN = 60_000;
/** The family its signals carry: ranking reads a database's own slow statements as contention inside it. */
export const SLOW_STATEMENTS = 'slow statements';
/** Least slow statements after the onset for a jump to mean anything. */
const MIN_SEEN = 8;
/** How many times its usual rate the slow statements must reach. */
const JUMP = 3;
/** The excess (Poisson-style z) that counts as a jump. */
const JUMP_Z = 3;

/**
 * Databases log a statement as slow only past a threshold (mongod's slowms, PostgreSQL's log_min_duration_statement),
 * usually at info level, so these lines are not errors and no error count sees them. A steady trickle is normal; their
 * number jumping at the onset (against the rate before it, on both sides of the onset's own minute) means the database
 * answers slowly, and its clients' latency is its doing rather than theirs. Read from every entry's statement counts,
 * traced or not; a service's statements of this kind are pooled (one query shape or many).
 */
export function slowStatementSignals(bundle: EvidenceBundle, onset: number, countZScale: number): SignalSet {
  const population = new Map<string, number>();
  const flows = bundle.flows?.data;
  const minutes = flows?.statementMinutes ?? [];
  const statements = flows?.statements ?? [];
  if (statements.length === 0) return { signals: [], population };
  population.set(SLOW_STATEMENTS, new Set(statements.map((s) => s.service).filter(Boolean)).size);
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const pre = minutes.flatMap((m, i) => (m < onsetMinute ? [i] : []));
  const post = minutes.flatMap((m, i) => (m > onsetMinute ? [i] : []));
  if (pre.length === 0 || post.length === 0) return { signals: [], population };
  const slow = new Map<string, { before: number; seen: number; step: string; top: number }>();
  for (const s of statements) {
    if (!s.service || !SLOW_STATEMENT.test(s.step)) continue;
    const service = normalizeService(s.service);
    const c = slow.get(service) ?? { before: 0, seen: 0, step: s.step, top: 0 };
    const [before, seen] = [pre.reduce((a, i) => a + s.counts[i]!, 0), post.reduce((a, i) => a + s.counts[i]!, 0)];
    c.before += before;
    c.seen += seen;
    if (seen > c.top) [c.step, c.top] = [s.step, seen];
    slow.set(service, c);
  }
  const signals: ServiceSignal[] = [];
  for (const [service, c] of slow) {
    const expected = (c.before / pre.length) * post.length;
    const z = (c.seen - expected) / Math.sqrt(expected + 1);
    if (c.seen < MIN_SEEN || c.seen < JUMP * expected || z < JUMP_Z) continue;
    const what = `${service} logged ${c.seen} slow statements ("${c.step}") after the onset against ${expected.toFixed(1)} expected from before: the database answers its clients slowly`;
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, what, [c.step]) : null;
    signals.push({ service, kind: 'latency', family: SLOW_STATEMENTS, z: z * countZScale, start: null, what, evidence });
  }
  return { signals, population };
}
