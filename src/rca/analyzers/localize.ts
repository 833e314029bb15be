// Root-cause localization: every service's metrics and logs scored against their own baseline before the onset,
// victims told from culprits, and the candidates ranked (top 5) as conditions with their evidence and why.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { readIncidentText, STATED_SLACK } from '../localize/incident-text.js';
import { dataCallGraph, mergeCallGraphs } from '../localize/call-edges.js';
import { timeoutCallGraph } from '../localize/timeout-edges.js';
import { floodedChannels, withFloodedBroker } from '../localize/flooded-channel.js';
import { answeredCallers, relayAnsweredLogs } from '../localize/answered-calls.js';
import { flowSignals } from '../localize/flow-scores.js';
import { ownSequenceBreaks } from '../localize/own-sequence-breaks.js';
import { logSignals } from '../localize/log-scores.js';
import { metricSignals, serviceOfSeries } from '../localize/metric-scores.js';
import { podTurnoverSignals } from '../localize/pod-turnover.js';
import { rejectedLookups } from '../localize/rejected-lookups.js';
import { rankServices } from '../localize/rank-services.js';
import { entryServices, markRoutineRepeats } from '../localize/harmless-repeats.js';
import { mostAnomalous } from '../localize/fallback.js';
import { routeServices, withWaitedOn } from '../localize/waited-on.js';
import { passedOn } from '../localize/own-calls.js';
import { storeCallers } from '../localize/store-callers.js';
import { servicesOnLossyNodes } from '../localize/lossy-nodes.js';
import { aliasCallGraph, serviceAliases } from '../localize/service-aliases.js';
import { releaseAliases } from '../release-names.js';
import { refs } from '../quote.js';
import { logSpan } from '../log-span.js';

const MAX_CANDIDATES = 5;

export const localize: Analyzer = {
  name: 'localize',
  description: 'Ranks the services whose own signals departed most from their baseline, culprits above victims',
  analyze(bundle, ctx): Finding[] {
    // A release-prefixed workload is read as the app its containers run, before names are matched by their stems.
    const releases = releaseAliases(bundle);
    const measured = new Set([...metricServices(bundle)].map((s) => releases.get(s) ?? s));
    const aliases = new Map([...serviceAliases(measured, ctx.services), ...releases]);
    const known = new Set([...ctx.services, ...measured].filter((s) => !aliases.has(s)));
    const text = readIncidentText(bundle.incident, known, ctx.to);
    const onset = localizationOnset(text.since, ctx, logSpan(bundle)?.first ?? null);
    if (onset === null) return [];
    const metrics = metricSignals(bundle, onset);
    const logs = logSignals(bundle, onset, ctx.to, known, aliases);
    const flows = flowSignals(bundle, onset);
    // Without trace ids, each service's own log order still shows a path inside it that changed.
    const sequences = ownSequenceBreaks(bundle, onset);
    const pods = podTurnoverSignals(bundle, onset);
    // A callee whose answers its callers turn down (a lookup they answer "not found" while it answers them fine).
    const rejected = rejectedLookups(bundle, onset);
    const sets = [metrics, logs, flows, sequences, pods, rejected];
    const signals = sets.flatMap((x) => x.signals);
    // The call graph from request flows in the logs and from caller/callee labels on the metrics, whichever exist, and
    // the callees a caller's own timeout lines name (a client says which remote it gave up waiting on).
    const graph = mergeCallGraphs(dataCallGraph(bundle), timeoutCallGraph(bundle, known));
    // Services the logs name differently from the metrics (request flows too) are read under the metrics' name.
    const named = [...signals.map((x) => x.service), ...[...graph].flatMap(([caller, callees]) => [caller, ...callees])];
    const aliasOf = new Map([...aliases, ...serviceAliases(measured, named), ...releases]);
    const renamed = signals.map((x) => (aliasOf.has(x.service) ? { ...x, service: aliasOf.get(x.service)! } : x));
    // A caller's error logs about calls its callee failed on its own side are the callee's errors, relayed.
    const relayed = relayAnsweredLogs(renamed, answeredCallers(bundle, onset), (s) => aliasOf.get(s) ?? s);
    const callees = aliasCallGraph(graph, aliasOf);
    // A burst its series already made earlier in the window, while the symptom stayed calm, is routine, not the cause.
    const symptom = { services: text.services.length ? text.services : entryServices(callees), kind: text.kind };
    const repeats = markRoutineRepeats(relayed, bundle, { from: ctx.from, onset }, symptom, (s) => aliasOf.get(s) ?? s);
    const set = { signals: repeats, population: new Map(sets.flatMap((x) => [...x.population])) };
    const all = new Set([...known, ...measured]);
    const reported = { on: text.services, routes: routeServices(bundle.incident, known), calls: storeCallers(bundle, all), lossy: servicesOnLossyNodes(bundle, onset) };
    const waited = withWaitedOn(rankServices(set, { reportedOn: text.services, reportedSignal: text.kind, callees }), set.signals, all, reported);
    // Every consumer of a channel handed more than its producers sent: the broker they share is above them.
    const scored = withFloodedBroker(waited, floodedChannels(bundle, onset, all)).slice(0, MAX_CANDIDATES);
    // Nothing scored against its own baseline, yet the sources found anomalies: their services, weakest, not an empty list.
    const ranked = scored.length ? scored : mostAnomalous(bundle, ctx.related, onset, all, MAX_CANDIDATES);
    const top = ranked[0]?.score ?? 0;
    const waiting = passedOn(set.signals);
    let previous = 1;
    return ranked.map((c, i) => {
      // The strongest candidate is stated with moderate confidence; the others in proportion to their score, never above
      // a candidate ranked before them (a waiting caller can outweigh a service with a weaker signal of its own).
      const own = Math.min(0.6, 0.2 + 0.08 * c.score) * (i === 0 ? 1 : Math.min(0.95, c.score / top));
      // Never below 0.01 (a weak last place is still offered, not ruled out), never above the place before it.
      const confidence = Math.min(previous, Math.max(0.01, Math.min(own, previous - 0.01)));
      previous = confidence;
      return {
        kind: 'condition' as const,
        condition: 'anomaly' as const,
        category: c.category,
        service: c.service,
        analyzer: 'localize',
        ...(c.category === 'dependency_failure' && waiting.has(c.service) ? { waits: true } : {}),
        ...(c.waitedBy ? { waitedBy: c.waitedBy } : {}),
        summary: `${c.service}: ${c.nature}; ${c.signals.map((s) => s.what).slice(0, 2).join('; ')} (ranked ${i + 1}: ${c.why})`,
        confidence: round(confidence),
        evidence: refs(...c.signals.map((s) => s.evidence)),
        timeline: c.signals
          .filter((s) => s.start !== null)
          .slice(0, 1)
          .map((s) => ({ time: new Date(s.start!).toISOString(), source: 'metrics' as const, event: s.what })),
        recommendation:
          c.category === 'resource_exhaustion'
            ? `Relieve the pressure on ${c.service} (scale it out or move the noisy neighbour), then find what drives its usage`
            : c.category === 'dependency_failure'
              ? `Check ${c.service}'s network path and its own dependencies; compare its latency with its callers'`
              : `Read ${c.service}'s new errors and recent changes: the failure starts there`,
      };
    });
  },
};

/** The least stretch of logs before an onset for the logs to have a baseline at all. */
const BASELINE_MIN = 60_000;

/**
 * The stated start when the text gives one inside the window (an earlier change point in the window may be another,
 * older incident), moved to the detected onset when that lies just before it; else the detected onset.
 */
function localizationOnset(since: number | null, ctx: AnalysisContext, logsFrom: number | null): number | null {
  if (since === null || since <= ctx.from || since > ctx.to) return ctx.onset;
  // Logs that begin in the window make their first entries look new: an onset in their first minute is where the logs
  // start, not where the incident does, and would leave the logs' evidence no baseline before it.
  const noBaseline = ctx.onset !== null && logsFrom !== null && ctx.onset < logsFrom + BASELINE_MIN;
  return ctx.onset !== null && !noBaseline && ctx.onset < since && ctx.onset >= since - STATED_SLACK ? ctx.onset : since;
}

/** The services the metric series are about (their labels name them), the names the candidates are given in. */
function metricServices(bundle: EvidenceBundle): Set<string> {
  const out = new Set<string>();
  for (const c of bundle.series) for (const s of c.data) {
    const svc = serviceOfSeries(s.labels);
    if (svc) out.add(svc);
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
