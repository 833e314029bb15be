// Gathers the offline engine's evidence through the hub, one parallel chain per source (git: releases then
// candidate diffs; metrics: overview then gauge series); a missing server or a failed call is just missing evidence.
import type { EventSink } from '../core/events.js';
import { jsonOrNull, type ToolCaller, type ToolCallOutcome, type ToolSpec } from '../core/tools.js';
import { errorMessage } from '../core/errors.js';
import { emptyBundle, type EvidenceBundle } from './bundle.js';
import { fitArgs } from './tool-args.js';
import {
  parseAnomalies,
  parseCommits,
  parseContainerEvents,
  parseContainers,
  parseDeployments,
  parseErrorRates,
  parseFlows,
  parseLogStats,
  parseMatrix,
  parseMetricNames,
  parseShowCommit,
  parseSignatures,
} from './parse-outputs.js';
import { pickCandidateCommits } from './candidates.js';
import { REQUEST_COUNTER } from './signals.js';

export interface GatherOptions {
  incident: string;
  from: number;
  to: number;
  caller: ToolCaller;
  events: EventSink;
  timeoutMs?: number;
  /** Most gauge metrics to sample with query_range. */
  maxSeries?: number;
}

export interface GatherResult {
  bundle: EvidenceBundle;
  outcomes: ToolCallOutcome[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
/** The engine reads every service's series, not a model-sized sample of them. */
const WHOLE = { max_output_bytes: 512 * 1024 };

export async function gather(opts: GatherOptions): Promise<GatherResult> {
  const { caller, events } = opts;
  const bundle = emptyBundle(opts.incident, { from: iso(opts.from), to: iso(opts.to) }, iso(opts.to));
  const outcomes: ToolCallOutcome[] = [];
  let specs: ToolSpec[] = [];
  try {
    specs = caller.listTools();
  } catch (err) {
    events({ type: 'notice', message: `could not list tools: ${errorMessage(err)}` });
  }
  const byName = new Map(specs.map((s) => [s.name, s]));

  // The hub emits tool_call_started/finished itself; here a call is skipped when the tool is not offered
  // and never throws.
  const call = async (tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome | null> => {
    const spec = byName.get(tool);
    if (!spec) return null;
    const fitted = fitArgs(spec, args);
    const started = Date.now();
    let outcome: ToolCallOutcome;
    try {
      outcome = await caller.call(tool, fitted, { timeoutMs: opts.timeoutMs });
    } catch (err) {
      outcome = { id: `${tool}#${outcomes.length + 1}`, tool, args: fitted, ok: false, text: errorMessage(err), ms: Date.now() - started, bytes: 0 };
    }
    outcomes.push(outcome);
    bundle.outputs[outcome.id] = { tool, text: outcome.text };
    return outcome;
  };
  const json = (o: ToolCallOutcome | null): unknown => (o && o.ok ? jsonOrNull(o.text) : null);
  const cited = <T>(o: ToolCallOutcome | null, parse: (j: unknown) => T | null) => {
    const j = json(o);
    const data = j === null ? null : parse(j);
    return o && data !== null ? { call_id: o.id, tool: o.tool, data } : null;
  };

  const since = iso(opts.from);
  const until = iso(opts.to);
  const windowSpan = `${Math.max(1, Math.round((opts.to - opts.from) / 60_000))}m`;
  const stepSeconds = Math.max(15, Math.ceil((opts.to - opts.from) / 1000 / 90 / 15) * 15);
  // Each source runs its own chain, so the diffs start as soon as git answers, whatever logs and metrics do.
  const gitChain = (async () => {
    const [deps, commits] = await Promise.all([
      call('git__get_deployments', { since: iso(opts.from - 72 * HOUR), until }),
      call('git__get_recent_commits', { since: iso(opts.from - 24 * HOUR), until, limit: 60 }),
    ]);
    bundle.deployments = cited(deps, parseDeployments);
    bundle.commits = cited(commits, parseCommits);
    // The diffs of the commits that could have caused it.
    const shas = pickCandidateCommits(bundle, opts.from - 12 * HOUR, opts.to, 10);
    const diffs = await Promise.all(shas.map((sha) => call('git__show_commit', { sha, max_bytes: 6000 })));
    for (const d of diffs) {
      const c = cited(d, parseShowCommit);
      if (c) bundle.diffs.push(c);
    }
  })();
  const metricsChain = (async () => {
    const [anomalies, rates, metricList] = await Promise.all([
      call('metrics__get_anomalies', { since, until }),
      call('metrics__get_error_rates', { since, until }),
      call('metrics__list_metrics', { ...WHOLE }),
    ]);
    bundle.anomalies = cited(anomalies, parseAnomalies);
    bundle.errorRates = cited(rates, parseErrorRates);
    // The gauges' shapes over the window (pinned pools, climbing memory, filling disks).
    const gaugeNames = (json(metricList) ? parseMetricNames(json(metricList)) : [])
      .filter((m) => (m.type ? /gauge|untyped|unknown/i.test(m.type) : !/_(total|count|sum|bucket|created)$/.test(m.name)))
      .slice(0, opts.maxSeries ?? 25)
      .map((m) => m.name);
    // Request counters, raw: the total traffic per service (a step up is load; tiny traffic makes a noisy error share).
    const counterNames = (json(metricList) ? parseMetricNames(json(metricList)) : [])
      .filter((m) => (m.type ? /counter/i.test(m.type) : /_total$/.test(m.name)) && REQUEST_COUNTER.test(m.name))
      .slice(0, 3)
      .map((m) => m.name);
    const counterCalls = Promise.all(
      counterNames.map((name) => call('metrics__query_range', { query: name, start: since, end: until, step: `${stepSeconds}s`, ...WHOLE })),
    );
    const series = await Promise.all(
      gaugeNames.map((name) => call('metrics__query_range', { query: name, start: since, end: until, step: `${stepSeconds}s`, ...WHOLE })),
    );
    series.forEach((s, i) => {
      const c = cited(s, parseMatrix);
      // A backend that leaves __name__ out of the result still answered for the name we asked.
      if (c) bundle.series.push({ ...c, data: c.data.map((x) => ({ ...x, metric: x.metric || gaugeNames[i]! })) });
    });
    (await counterCalls).forEach((s, i) => {
      const c = cited(s, parseMatrix);
      if (c) bundle.counters.push({ ...c, data: c.data.map((x) => ({ ...x, metric: x.metric || counterNames[i]! })) });
    });
  })();
  const logsChain = (async () => {
    const [sigs, stats, flows] = await Promise.all([
      call('logs__error_signatures', { since, until, top: 40, baseline: windowSpan, min_level: 'warn' }),
      call('logs__log_stats', { since, until, bucket: '1m' }),
      call('logs__request_flows', { since, until }),
    ]);
    bundle.signatures = cited(sigs, parseSignatures);
    bundle.logStats = cited(stats, parseLogStats);
    bundle.flows = cited(flows, parseFlows);
  })();
  const dockerChain = (async () => {
    const [containers, dockerEvents] = await Promise.all([
      call('docker__list_containers', { all: true }),
      call('docker__get_events', { since, until }),
    ]);
    bundle.containers = cited(containers, parseContainers);
    bundle.containerEvents = cited(dockerEvents, parseContainerEvents);
  })();
  await Promise.all([gitChain, metricsChain, logsChain, dockerChain]);
  // Calls finish in any order; the bundle's lists are kept in a stable order for the analyzers.
  bundle.diffs.sort((a, b) => a.data.sha.localeCompare(b.data.sha));
  bundle.series.sort((a, b) => (a.data[0]?.metric ?? '').localeCompare(b.data[0]?.metric ?? ''));
  bundle.counters.sort((a, b) => (a.data[0]?.metric ?? '').localeCompare(b.data[0]?.metric ?? ''));
  return { bundle, outcomes };
}
