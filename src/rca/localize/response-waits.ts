// Slow responses in transit, from request flows: the wait from one service's entry to the request's next entry grew
// after the onset, where the next service's other predecessors did not wait longer. A delayed link shows nowhere else.
import type { EvidenceBundle, RequestFlows } from '../bundle.js';
import { cite } from '../quote.js';
import { mad, quantile } from '../series.js';
import { normalizeService } from '../service-names.js';
import { RELATIVE_FLOOR } from './robust.js';
import type { ServiceSignal, SignalSet } from './signal.js';

const MIN = 60_000;
/** Least requests on each side of the onset's minute for a pair of services' waits to be compared. */
const MIN_REQUESTS = 5;
/** Log timestamps are often read to the millisecond: waits are compared on at least this scale (ms). */
const RESOLUTION_MS = 1;
/** A wait that rose by this z (and doubled) grew; below STEADY_Z (or under half again its level) it held. */
const GREW_Z = 3;
const GREW_RATIO = 2;
const STEADY_Z = 3;
const STEADY_RATIO = 1.5;

interface Wait {
  from: string;
  to: string;
  before: number;
  after: number;
  z: number;
  step: string;
}

/**
 * Services whose responses travel slowly: a service logs a request as it finishes it, so the time from its entry to the
 * request's next entry is the answer going back plus whatever its caller does next. When that wait grew after the onset
 * for one service while the same next service, reached from elsewhere, kept its usual wait, the time was lost after the
 * first service finished: on its way back (a delayed or lossy link, a congested pod network), not in its code. It is
 * read only where the flows show a contrast; a wait that grew before every entry of the next service is that service's
 * own time, and a service always followed by one other cannot be told from it.
 */
export function responseWaitSignals(bundle: EvidenceBundle, onset: number): SignalSet {
  const population = new Map<string, number>();
  const flows = bundle.flows?.data;
  if (!flows || !flows.transitions.some((t) => t.gap_ms)) return { signals: [], population };
  const waits = pairWaits(flows, onset);
  population.set('request waits', new Set(waits.map((w) => w.from)).size);
  const signals: ServiceSignal[] = [];
  for (const w of waits) {
    if (!grew(w)) continue;
    const others = waits.filter((o) => o.to === w.to && o.from !== w.from);
    const ownOut = waits.filter((o) => o.from === w.from && o.to !== w.to);
    // The contrast that puts the lost time after `from`: another way into `to` kept its wait, and no other way out of
    // `from` did (a wait that held after some of its entries is not its responses' doing).
    if (!others.some(steady) || ownOut.some(steady)) continue;
    if (signals.some((s) => s.service === w.from && s.z >= w.z)) continue;
    const what = `requests waited longer after ${w.from} answered: ${w.to}'s next entry came ${ms(w.after)} after ${w.from}'s "${w.step}" from ${ms(w.before)} before the onset, while ${w.to} reached from elsewhere kept its usual wait (a slow response in transit: ${w.from}'s network path)`;
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, what, [w.step]) : null;
    const at = signals.findIndex((s) => s.service === w.from);
    const signal: ServiceSignal = { service: w.from, kind: 'network_faults', family: 'request waits', z: w.z, start: null, what, evidence };
    if (at >= 0) signals[at] = signal;
    else signals.push(signal);
  }
  return { signals, population };
}

const grew = (w: Wait) => w.z >= GREW_Z && w.after >= GREW_RATIO * w.before;
// A wait under the timestamps' resolution is two entries logged in the same instant (a caller and its callee finishing
// together, their order across files arbitrary): no contrast either way.
const steady = (w: Wait) => w.before >= RESOLUTION_MS && (w.z < STEADY_Z || w.after < STEADY_RATIO * w.before);
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

/**
 * Per pair of services (an entry of `from`, the request's next entry by `to`), the usual wait before the onset's minute
 * and the sustained wait after it (medians of the minutes' medians), with its z. The scale is the larger of the spread
 * within a minute and between minutes: a short capture has one or two minutes before an onset, whose requests still
 * say how much one wait differs from the next. Steps of one pair are pooled per minute, weighted by their requests.
 */
function pairWaits(flows: RequestFlows, onset: number): Wait[] {
  const svc = (i: number) => (i < 0 ? null : flows.steps[i]!.service ? normalizeService(flows.steps[i]!.service!) : null);
  const n = flows.minutes.length;
  const pairs = new Map<string, { from: string; to: string; gap: number[]; spread: number[]; n: number[]; step: string; top: number }>();
  for (const t of flows.transitions) {
    const [from, to] = [svc(t.from), svc(t.to)];
    if (!t.gap_ms || !t.gap_spread_ms || !from || !to || from === to) continue;
    const key = `${from}\u0000${to}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { from, to, gap: Array(n).fill(0), spread: Array(n).fill(0), n: Array(n).fill(0), step: '', top: 0 }));
    const total = t.counts.reduce((a, b) => a + b, 0);
    if (total > p.top) [p.step, p.top] = [flows.steps[t.from]!.step, total];
    for (let i = 0; i < n; i++) {
      const [g, s, c] = [t.gap_ms[i], t.gap_spread_ms[i], t.counts[i]!];
      if (g === null || g === undefined || s === null || s === undefined || !c) continue;
      p.gap[i]! += g * c;
      p.spread[i]! += s * c;
      p.n[i]! += c;
    }
  }
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const out: Wait[] = [];
  for (const p of pairs.values()) {
    const side = (keep: (m: number) => boolean) => flows.minutes.flatMap((m, i) => (keep(m) && p.n[i]! > 0 ? [i] : []));
    const [pre, post] = [side((m) => m < onsetMinute), side((m) => m > onsetMinute)];
    const requests = (idx: number[]) => idx.reduce((a, i) => a + p.n[i]!, 0);
    if (requests(pre) < MIN_REQUESTS || requests(post) < MIN_REQUESTS) continue;
    const level = (i: number) => p.gap[i]! / p.n[i]!;
    const before = quantile(pre.map(level), 0.5);
    const after = quantile(post.map(level), 0.5);
    const within = quantile(pre.map((i) => p.spread[i]! / p.n[i]!), 0.5);
    const scale = Math.max(within, 1.4826 * mad(pre.map(level)), RELATIVE_FLOOR * before, RESOLUTION_MS);
    out.push({ from: p.from, to: p.to, before, after, z: (after - before) / scale, step: p.step });
  }
  return out;
}
