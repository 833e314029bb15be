// Per-service signal from request flows: a service where most of the requests reaching it after the onset failed
// first (their first error-level entry is its own) is broken, whether or not it was already failing before the onset.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import type { ServiceSignal, SignalSet } from './signal.js';

const MIN = 60_000;
/** Fewest requests through a service after the onset for its failing share to be read at all. */
const MIN_REQUESTS = 5;
/** How far above one half (in binomial standard deviations) the failing share must be: "most requests fail here". */
const MOST_Z = 2;

/**
 * A rate test against the service's own past cannot see a fault that began before the logs did (a wrong return value
 * left in place, a capture that starts after the injection); what it leaves behind is a service that fails most of
 * the requests it serves, and fails them first. Its callers' errors about it come after its own in each request, so
 * they are not counted as theirs. The share is tested against one half (z of a binomial count) and put on the scale
 * of the other count tests; a service failing a minority of its requests (chronic noise) does not fire.
 */
export function failingRequestSignals(bundle: EvidenceBundle, onset: number, countZScale: number): SignalSet {
  const flows = bundle.flows?.data;
  if (!flows || flows.services.length === 0) return { signals: [], population: new Map() };
  const services = flows.services.map((s) => ({ service: s.service, requests: s.requests, failed: s.failed_first }));
  const what = (k: number, n: number, service: string, history: string) => `${k} of the ${n} requests that reached ${service} after the onset failed first in it${history}`;
  return failingShares(bundle, flows.minutes, services, onset, countZScale, what);
}

/**
 * The failing-share test on per-service counts aligned with `minutes`: `failed[i]` of `requests[i]` failed in the
 * service (traced requests here; bursts of a service's own untraced entries in own-failing-requests.ts).
 */
export function failingShares(
  bundle: EvidenceBundle,
  minutes: number[],
  services: Array<{ service: string; requests: number[]; failed: number[] }>,
  onset: number,
  countZScale: number,
  describe: (k: number, n: number, service: string, history: string) => string,
): SignalSet {
  const population = new Map<string, number>();
  if (services.length === 0 || minutes.length === 0) return { signals: [], population };
  population.set('failing requests', services.length);
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const last = minutes.length - 1;
  // From the minute holding the onset on; the last minute's requests are cut off by the end of the window.
  const post = minutes.map((m, i) => m >= onsetMinute && i < last);
  const pre = minutes.map((m) => m < onsetMinute);
  const sum = (counts: number[], side: boolean[]) => counts.reduce((a, n, i) => a + (side[i] ? n : 0), 0);
  const signals: ServiceSignal[] = [];
  for (const s of services) {
    const n = sum(s.requests, post);
    const k = sum(s.failed, post);
    if (n < MIN_REQUESTS) continue;
    const z = (k - n / 2) / Math.sqrt(n / 4);
    if (z < MOST_Z) continue;
    const service = normalizeService(s.service);
    const before = sum(s.requests, pre);
    const history = before > 0 ? `, ${sum(s.failed, pre)} of ${before} before it` : '';
    const what = describe(k, n, service, history);
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, what, [s.service]) : null;
    signals.push({ service, kind: 'log_errors', family: 'failing requests', z: z * countZScale, start: null, what, evidence });
  }
  return { signals, population };
}
