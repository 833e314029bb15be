// Per-service signals from the logs: each service's error entries after the onset against its own rate before
// it (a count test, not a raw count), only when the logs reach a minute back before the onset; errors naming another
// service point at it as far as they rose against the naming service's own traffic (traffic-rise.ts).
import type { ErrorSignature } from '../../core/evidence.js';
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService, serviceFromSource } from '../service-names.js';
import { cite } from '../quote.js';
import { logSpan } from '../log-span.js';
import { SEVERE } from '../severity.js';
import { namedServices } from './named-services.js';
import type { ServiceSignal, SignalSet } from './signal.js';
import { entriesAround, riseWithTraffic } from './traffic-rise.js';
import { proxiedServerError, relayedOwners, relaysServerError } from './relayed-errors.js';

const MIN = 60_000;

interface Tally {
  pre: number;
  post: number;
  /** Entries whose text names another known service, by that service: before and after the onset. */
  naming: Map<string, { pre: number; post: number; relayed: boolean }>;
  /** Entries after the onset that report a callee's server error without naming it (an HTTP client's "answered 500"). */
  relayedPost: number;
  example: { text: string; template: string } | null;
  newTemplates: number;
  /** The largest rise of one of its templates alone (Poisson z), so a new error is not diluted by a steady one. */
  templateZ: number;
}

/** `aliases`: log service names read as another name (service-aliases.ts), so one service's entries are tallied together. */
export function logSignals(bundle: EvidenceBundle, onset: number, to: number, known: Set<string>, aliases: Map<string, string> = new Map()): SignalSet {
  const nameOf = (raw: string) => {
    const name = normalizeService(raw);
    return aliases.get(name) ?? name;
  };
  const population = new Map<string, number>();
  const sigs = bundle.signatures;
  const span = logSpan(bundle) ?? signatureSpan(bundle, onset, to);
  // No entries before the onset: there is no baseline, so nothing can be called new or surged.
  if (!span || !sigs) return { signals: [], population };
  const logged = new Set<string>();
  for (const b of bundle.logStats?.data ?? []) for (const [svc, n] of Object.entries(b.by_service)) if (n > 0) logged.add(nameOf(svc));
  const preMin = Math.max(1, (onset - span.first) / MIN);
  const postMin = Math.max(1, (Math.min(to, span.last + MIN) - onset) / MIN);
  // Poisson-style: entries after the onset against what the rate before it predicts.
  const sides: Sides = { onset, preMin, postMin };
  const tallies = new Map<string, Tally>();
  const ownersOf = (sig: ErrorSignature) => (sig.services.length ? sig.services : [serviceFromSource(sig.example_source)].filter((x): x is string => !!x));
  // A caller relaying a callee's error names that callee, whether or not the callee's name is in the text.
  const relayed = relayedOwners(sigs.data.filter((s) => SEVERE.has(s.level)), (s) => ownersOf(s).map(nameOf));
  for (const sig of sigs.data) {
    if (!SEVERE.has(sig.level)) continue;
    // A template several services log is counted over all of them together: each gets an equal part, none the whole.
    const owners = ownersOf(sig);
    for (const raw of owners) tally(tallies, logged, sig, nameOf(raw), 1 / owners.length, sides, known, relayed.get(sig));
  }
  population.set('logs', logged.size);
  population.set('errors naming a service', logged.size);
  const out: ServiceSignal[] = [];
  const entries = entriesAround(bundle, onset, nameOf);
  // Logs reaching back less than a minute before the onset give no rate to compare with: nothing is new or surged.
  // (Comparing a service's error count with other services' instead only finds the chronically noisy ones.)
  if (onset - span.first < MIN) return { signals: out, population };
  for (const [service, t] of tallies) {
    const expected = (t.pre / preMin) * postMin;
    const z = Math.max(rise(t.pre, t.post, sides), t.templateZ);
    if (z < 3) continue;
    const named = [...t.naming].sort((a, b) => b[1].post - a[1].post);
    // Entries naming another service, or relaying an unnamed callee's server error, are not this service's own failure.
    const namedShare = (named.reduce((a, [, n]) => a + n.post, 0) + t.relayedPost) / Math.max(1, t.post);
    const what = `${fmt(t.post)} error entries in ${service} after the onset against ${fmt(t.pre)} in the ${Math.round(preMin)} min before (expected ${expected.toFixed(1)})${t.newTemplates ? `, ${t.newTemplates} new signature(s)` : ''}`;
    const evidence = t.example ? cite(bundle, sigs.call_id, what, [t.example.text, t.example.template]) : null;
    // Errors about another service are that service's evidence more than this one's (a caller reporting a callee).
    out.push({ service, kind: 'log_errors', family: 'logs', z: z * (1 - 0.7 * Math.min(1, namedShare)), start: null, what, evidence });
    for (const [other, n] of named.slice(0, 2)) {
      const share = n.post / Math.max(1, t.post);
      // Errors that name another service only as often as the namer's own traffic predicts are chronic: no news of it.
      const own = entries.get(service);
      const credit = Math.min(z * share, own ? riseWithTraffic(n.pre, n.post, own) : Infinity);
      if (credit <= 0) continue;
      // A relayed message is the callee's own error (an application error there); a name in the text, a dependency.
      const kind = n.relayed ? 'relayed_errors' : 'named_by_errors';
      const said = n.relayed ? `${fmt(n.post)} of the new errors in ${service} relay ${other}'s own` : `${fmt(n.post)} of the new errors in ${service} name ${other}`;
      out.push({ service: other, kind, family: 'errors naming a service', z: credit, start: null, what: said, evidence });
    }
  }
  return { signals: out, population };
}

/** Adds one signature's entries before and after the onset to a service's tally, `part` of them when it shares the template. */
function tally(tallies: Map<string, Tally>, logged: Set<string>, sig: ErrorSignature, service: string, part: number, sides: Sides, known: Set<string>, relayedFrom?: string): void {
  const t = tallies.get(service) ?? { pre: 0, post: 0, naming: new Map(), relayedPost: 0, example: null, newTemplates: 0, templateZ: 0 };
  logged.add(service);
  // A proxy's record of its upstream's 5xx naming no service is none of the proxy's errors (that upstream logs its own).
  if (proxiedServerError(sig) && namedServices(sig.template, known, { stems: false }).every((o) => o === service)) return void tallies.set(service, t);
  let pre = 0;
  let post = 0;
  for (const [time, n] of sig.per_minute) {
    // A minute that holds the onset counts as after it.
    if (Date.parse(time) + MIN <= sides.onset) pre += n * part;
    else post += n * part;
  }
  t.pre += pre;
  t.post += post;
  t.templateZ = Math.max(t.templateZ, rise(pre, post, sides));
  if (post > 0 && pre === 0) t.newTemplates++;
  if (post > 0) {
    t.example ??= { text: sig.example.split('\n')[0] ?? sig.template, template: sig.template };
    // The template, not the example: a masked "<*>" may stand for many services, the example names only one.
    // Whole names only: an error about a "price rule" is not about the price service.
    const others = new Set([...(relayedFrom ? [relayedFrom] : []), ...namedServices(sig.template, known, { stems: false })]);
    const elsewhere = [...others].filter((o) => o !== service);
    if (elsewhere.length === 0 && relaysServerError(sig)) t.relayedPost += post;
    for (const other of elsewhere) {
      const n = t.naming.get(other) ?? { pre: 0, post: 0, relayed: false };
      t.naming.set(other, { pre: n.pre + pre, post: n.post + post, relayed: n.relayed || other === relayedFrom });
    }
  }
  tallies.set(service, t);
  logged.add(service);
}

interface Sides {
  onset: number;
  /** Minutes of logs before and after the onset. */
  preMin: number;
  postMin: number;
}

/** Poisson-style: entries after the onset against what the rate before it predicts, in standard deviations. */
function rise(pre: number, post: number, s: Sides): number {
  const expected = (pre / s.preMin) * s.postMin;
  return (post - expected) / Math.sqrt(expected + 1);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Without log_stats: the logs are taken to cover the whole window, ending at the last error entry. */
function signatureSpan(bundle: EvidenceBundle, onset: number, to: number): { first: number; last: number } | null {
  const last = Math.max(...(bundle.signatures?.data ?? []).map((s) => (s.last_seen ? Date.parse(s.last_seen) : 0)), 0);
  const first = Date.parse(bundle.window.from);
  return last > 0 && !Number.isNaN(first) ? { first: Math.min(first, onset), last: Math.min(last, to) } : null;
}
