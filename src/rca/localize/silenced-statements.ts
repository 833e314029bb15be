// Per-service signal from statement counts where the logs carry no trace ids: a statement a service logged steadily
// before the onset and nearly stopped logging after it, more than the rest of its service's and the system's logging fell.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import type { ServiceSignal, SignalSet } from './signal.js';

const MIN = 60_000;
/** Least entries of a statement expected after the onset for its absence to mean anything. */
const MIN_EXPECTED = 8;
/** The shortfall (Poisson-style z) that counts as silenced. */
const SILENCED_Z = 2;
/** Most of its expected count still logged after the onset for a statement to count as silenced. */
const VANISHED = 0.3;

/**
 * Without trace ids there are no requests to follow, but a code path that stopped being reached still shows: the
 * statement that logged on it falls silent. Its expected count after the onset is its count before scaled by how the
 * rest of the system's logging changed (load falls or rises for everyone), so only a statement that went quiet by
 * itself counts. Statements logged at error level are left out (errors stopping is a recovery). The minute holding the
 * onset and the last minute (cut off by the window's end) are left out. A service's strongest such statement is its
 * signal, on the scale of the other count tests.
 */
export function silencedStatements(bundle: EvidenceBundle, onset: number, countZScale: number): SignalSet {
  const population = new Map<string, number>();
  const flows = bundle.flows?.data;
  const minutes = flows?.statementMinutes ?? [];
  const statements = flows?.statements ?? [];
  // Requests followed by their trace ids tell a path that stopped from one its callers stopped taking; silence cannot,
  // so it is read only where the logs carry no trace ids at all.
  if (statements.length === 0 || (flows?.transitions.length ?? 0) > 0) return { signals: [], population };
  population.set('log statements', new Set(statements.map((s) => s.service).filter(Boolean)).size);
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const last = minutes.length - 1;
  const pre = minutes.map((m) => m < onsetMinute);
  const post = minutes.map((m, i) => m > onsetMinute && i < last);
  if (!pre.some(Boolean) || !post.some(Boolean)) return { signals: [], population };
  const sum = (counts: number[], side: boolean[]) => counts.reduce((a, n, i) => a + (side[i] ? n : 0), 0);
  // Each statement's count on both sides, summed once for the totals, its service's and its own test.
  const counted = statements.map((s) => ({ s, before: sum(s.counts, pre), seen: sum(s.counts, post) }));
  const totalPre = counted.reduce((a, c) => a + c.before, 0);
  const totalPost = counted.reduce((a, c) => a + c.seen, 0);
  // Each service's own logging on both sides: a statement that fell only as far as the rest of its service did marks
  // fewer requests reaching the service (a symptom of its callers' trouble), not a path inside it that stopped.
  const own = new Map<string, { pre: number; post: number }>();
  for (const { s, before, seen } of counted) {
    if (!s.service || s.failed) continue;
    const o = own.get(s.service) ?? { pre: 0, post: 0 };
    o.pre += before;
    o.post += seen;
    own.set(s.service, o);
  }
  const best = new Map<string, { z: number; what: string; quote: string }>();
  for (const { s, before, seen } of counted) {
    if (!s.service || s.failed) continue;
    // The rest of the system's logging, without this statement's own: its silence must not lower its own reference.
    const restPre = totalPre - before;
    if (before === 0 || restPre <= 0) continue;
    const o = own.get(s.service)!;
    const [svcPre, svcPost] = [o.pre - before, o.post - seen];
    // Against the rest of its own service too, when that logged enough before to measure a change by.
    const bySystem = (before * (totalPost - seen)) / restPre;
    const expected = svcPre >= MIN_EXPECTED ? Math.min(bySystem, (before * svcPost) / svcPre) : bySystem;
    if (expected < MIN_EXPECTED || seen > VANISHED * expected) continue;
    const z = (expected - seen) / Math.sqrt(expected + 1);
    if (z < SILENCED_Z) continue;
    const service = normalizeService(s.service);
    if ((best.get(service)?.z ?? 0) >= z) continue;
    const what = `${service} stopped logging "${s.step}": ${seen} times after the onset against ${expected.toFixed(1)} expected from before (its service's and the system's other logging scaled alike)`;
    best.set(service, { z, what, quote: s.step });
  }
  const signals: ServiceSignal[] = [];
  for (const [service, b] of best) {
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, b.what, [b.quote]) : null;
    signals.push({ service, kind: 'flow_break', family: 'log statements', z: b.z * countZScale, start: null, what: b.what, evidence });
  }
  return { signals, population };
}
