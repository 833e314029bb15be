// An app whose first outbound connections fail before its pod's mesh sidecar is ready (Istio, Linkerd), from the onset
// on: traffic is redirected to a proxy that does not listen yet, so short-lived jobs and fresh pods are refused or reset.
import type { Analyzer, Finding } from '../analyzer.js';
import type { AnalysisContext } from '../context.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';

const MIN = 60_000;
export const SIDECAR_RACE = 'sidecar-race';
/** How long before the onset the first early failure may come: a job's retries and the first alerts lag by minutes. */
const LEAD = 10 * MIN;
/** How long after: an app that starts racing only later races because of the incident (restarts), not as its cause. */
const LAG = 5 * MIN;
/** One early failure is a hiccup (a slow certificate); a start race repeats on every start of the app's pods. */
const MIN_EARLY = 3;
const MIN_RACED_STARTS = 2;
/**
 * Most of the app's connection failures must come before its proxy is ready: when a dependency is down, the app's
 * connections keep failing long after its pods started, and a few of them falling in a start window proves nothing.
 */
const MIN_SHARE = 0.5;
/** Weak on its own: the race says how it fails, not what changed; the sidecar-race rule makes it strong. */
const CONFIDENCE = 0.35;

export const sidecarRace: Analyzer = {
  name: SIDECAR_RACE,
  description: "An app's first connections failing before its pod's mesh sidecar is ready, first at the onset",
  analyze(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
    const flows = bundle.flows;
    if (ctx.onset === null || !flows) return [];
    const onset = ctx.onset;
    const race = (flows.data.sidecarRaces ?? [])
      .filter((r) => r.early >= MIN_EARLY && r.raced >= MIN_RACED_STARTS && r.early >= MIN_SHARE * r.failures && r.first >= onset - LEAD && r.first <= onset + LAG)
      .sort((a, b) => a.first - b.first)[0];
    if (!race) return [];
    const service = normalizeService(race.service);
    const proxy = race.proxy ? normalizeService(race.proxy) : null;
    const at = new Date(race.first).toISOString();
    const text =
      `${race.early} of ${service}'s ${race.failures} connection failures came between its pod's sidecar start and ready lines ` +
      `(${race.raced} of ${race.starts} starts${race.cleanBefore ? `; ${race.cleanBefore} starts before the first did not fail` : ''}), the first at ${at}`;
    return [
      {
        kind: 'condition',
        condition: 'sidecar_race',
        category: 'config_error',
        service,
        ...(proxy ? { names: [proxy] } : {}),
        ...(race.namespace ? { namespace: race.namespace } : {}),
        connectivity: true,
        analyzer: SIDECAR_RACE,
        summary: `${service} connects out before its mesh sidecar is ready: ${text} ("${race.example.slice(0, 160)}")`,
        confidence: CONFIDENCE,
        evidence: refs(cite(bundle, flows.call_id, text, [race.example])),
        timeline: [{ time: at, source: 'logs', event: `${service} first failed to connect before its sidecar was ready` }],
        recommendation: `Hold ${service}'s start until its proxy is ready (Istio holdApplicationUntilProxyStarts, Linkerd config.linkerd.io/proxy-await, or native sidecars), or retry its first connections`,
      },
    ];
  },
};
