// Per-service signals from the logs: each service's error entries after the onset against its own rate before
// it (a count test, not a raw count), only when the logs reach back before the onset; errors naming another service point at it.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService, serviceFromSource } from '../service-names.js';
import { cite } from '../quote.js';
import { logSpan } from '../log-span.js';
import { quantile } from '../series.js';
import { namedServices } from './incident-text.js';
import type { ServiceSignal, SignalSet } from './signal.js';

const SEVERE = new Set(['error', 'fatal', 'critical', 'crit', 'emerg', 'alert']);
const MIN = 60_000;
/** Minutes of logs before the onset needed to compare error rates with their own past. */
const BASELINE_MIN = 3;

interface Tally {
  pre: number;
  post: number;
  /** Post-onset entries whose text names another known service, by that service. */
  naming: Map<string, number>;
  example: { text: string; template: string } | null;
  newTemplates: number;
}

export function logSignals(bundle: EvidenceBundle, onset: number, to: number, known: Set<string>): SignalSet {
  const population = new Map<string, number>();
  const sigs = bundle.signatures;
  const span = logSpan(bundle) ?? signatureSpan(bundle, onset, to);
  // No entries before the onset: there is no baseline, so nothing can be called new or surged.
  if (!span || !sigs) return { signals: [], population };
  const logged = new Set<string>();
  for (const b of bundle.logStats?.data ?? []) for (const [svc, n] of Object.entries(b.by_service)) if (n > 0) logged.add(normalizeService(svc));
  const preMin = Math.max(1, (onset - span.first) / MIN);
  const postMin = Math.max(1, (Math.min(to, span.last + MIN) - onset) / MIN);
  const tallies = new Map<string, Tally>();
  for (const sig of sigs.data) {
    if (!SEVERE.has(sig.level)) continue;
    const raw = sig.services[0] ?? serviceFromSource(sig.example_source);
    if (!raw) continue;
    const service = normalizeService(raw);
    const t = tallies.get(service) ?? { pre: 0, post: 0, naming: new Map(), example: null, newTemplates: 0 };
    let pre = 0;
    let post = 0;
    for (const [time, n] of sig.per_minute) {
      // A minute that holds the onset counts as after it.
      if (Date.parse(time) + MIN <= onset) pre += n;
      else post += n;
    }
    t.pre += pre;
    t.post += post;
    if (post > 0 && pre === 0) t.newTemplates++;
    if (post > 0 && (!t.example || post > 0)) t.example ??= { text: sig.example.split('\n')[0] ?? sig.template, template: sig.template };
    if (post > 0) {
      // The template, not the example: a masked "<*>" may stand for many services, the example names only one.
      for (const other of namedServices(sig.template, known)) {
        if (other !== service) t.naming.set(other, (t.naming.get(other) ?? 0) + post);
      }
    }
    tallies.set(service, t);
    logged.add(service);
  }
  population.set('logs', logged.size);
  population.set('errors naming a service', logged.size);
  const out: ServiceSignal[] = [];
  // Logs reaching back less than a few minutes before the onset give no reliable rate to compare with: then a
  // service's errors are also compared with the other services' (robust z across services).
  const baselined = onset - span.first >= BASELINE_MIN * MIN;
  const counts = [...logged].map((svc) => (tallies.get(svc) ? tallies.get(svc)!.pre + tallies.get(svc)!.post : 0));
  const med = quantile(counts, 0.5);
  const spread = 1.4826 * quantile(counts.map((c) => Math.abs(c - med)), 0.5) + 1;
  for (const [service, t] of tallies) {
    // Poisson-style: entries after the onset against what the rate before it predicts.
    const expected = (t.pre / preMin) * postMin;
    const rateZ = onset - span.first >= MIN ? (t.post - expected) / Math.sqrt(expected + 1) : 0;
    // A short baseline (a minute or two) still tells a burst from a steady trickle, but too weakly to rest on alone.
    const z = baselined ? rateZ : Math.max(rateZ, (t.pre + t.post - med) / spread);
    if (z < 3) continue;
    const named = [...t.naming].sort((a, b) => b[1] - a[1]);
    const namedShare = named.reduce((a, [, n]) => a + n, 0) / Math.max(1, t.post);
    const what = baselined
      ? `${t.post} error entries in ${service} after the onset against ${t.pre} in the ${Math.round(preMin)} min before (expected ${expected.toFixed(1)})${t.newTemplates ? `, ${t.newTemplates} new signature(s)` : ''}`
      : `${t.pre + t.post} error entries in ${service} while its logs cover no baseline before the onset (median per service ${med})`;
    const evidence = t.example ? cite(bundle, sigs.call_id, what, [t.example.text, t.example.template]) : null;
    // Errors about another service are that service's evidence more than this one's (a caller reporting a callee).
    out.push({ service, kind: 'log_errors', family: 'logs', z: z * (1 - 0.7 * Math.min(1, namedShare)), start: null, what, evidence });
    for (const [other, n] of named.slice(0, 2)) {
      const share = n / Math.max(1, t.post);
      out.push({ service: other, kind: 'named_by_errors', family: 'errors naming a service', z: z * share, start: null, what: `${n} of the new errors in ${service} name ${other}`, evidence });
    }
  }
  return { signals: out, population };
}

/** Without log_stats: the logs are taken to cover the whole window, ending at the last error entry. */
function signatureSpan(bundle: EvidenceBundle, onset: number, to: number): { first: number; last: number } | null {
  const last = Math.max(...(bundle.signatures?.data ?? []).map((s) => (s.last_seen ? Date.parse(s.last_seen) : 0)), 0);
  const first = Date.parse(bundle.window.from);
  return last > 0 && !Number.isNaN(first) ? { first: Math.min(first, onset), last: Math.min(last, to) } : null;
}
