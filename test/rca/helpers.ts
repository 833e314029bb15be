// Test helpers for the offline engine: a ToolCaller that serves canned tool outputs (our own interface,
// not a third-party mock) and builders for evidence bundles of different fault kinds.
import type { Anomaly, ErrorSignature, LogLevel, LogStatsBucket } from '../../src/core/evidence.js';
import { emptyBundle, type EvidenceBundle, type RequestFlows } from '../../src/rca/bundle.js';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { serverOf, toolOf, type ToolCaller, type ToolCallOutcome, type ToolSpec } from '../../src/core/tools.js';

export type Responder = (args: Record<string, unknown>) => unknown;

/** Serves each tool from a function of its args; unknown tools are not listed; a thrown error becomes ok:false. */
export function cannedCaller(tools: Record<string, Responder>): ToolCaller & { calls: ToolCallOutcome[] } {
  const calls: ToolCallOutcome[] = [];
  const specs: ToolSpec[] = Object.keys(tools).map((name) => ({
    name,
    server: serverOf(name),
    tool: toolOf(name),
    description: name,
    inputSchema: { type: 'object' },
    readOnly: true,
    destructive: false,
  }));
  let taken = 0;
  const reserveIds = (count: number) => Array.from({ length: count }, () => `c${++taken}`);
  return {
    calls,
    listTools: () => specs,
    reserveIds,
    async call(tool, args, opts) {
      const id = opts?.id ? await opts.id : reserveIds(1)[0]!;
      let outcome: ToolCallOutcome;
      const fn = tools[tool];
      try {
        if (!fn) throw new Error(`unknown tool ${tool}`);
        const text = JSON.stringify(fn(args));
        outcome = { id, tool, args, ok: true, text, ms: 1, bytes: text.length };
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        outcome = { id, tool, args, ok: false, text, ms: 1, bytes: text.length };
      }
      calls.push(outcome);
      return outcome;
    },
  };
}

const MIN = 60_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A signature with one entry per listed minute offset from `base` (counts per minute). */
export function signature(opts: {
  template: string;
  example?: string;
  service: string;
  base: number;
  minutes: Array<[number, number]>;
  level?: LogLevel;
}): ErrorSignature {
  const per = opts.minutes.map(([m, n]) => [iso(opts.base + m * MIN), n] as [string, number]);
  const count = opts.minutes.reduce((a, [, n]) => a + n, 0);
  return {
    id: opts.template.slice(0, 8),
    template: opts.template,
    level: opts.level ?? 'error',
    services: [opts.service],
    count,
    first_seen: per[0]?.[0] ?? null,
    last_seen: per[per.length - 1]?.[0] ?? null,
    example: opts.example ?? opts.template,
    example_source: 'app.log:1',
    per_minute: per,
    baseline_count: 0,
    new: true,
  };
}

/** Minutes [a, b) each with n entries. */
export function span(a: number, b: number, n = 1): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let m = a; m < b; m++) out.push([m, n]);
  return out;
}

/** Error-rate points every minute: `low` until `stepAt` minutes, then `high`. */
export function errorRate(service: string, base: number, minutes: number, stepAt: number, low = 0.005, high = 0.2) {
  const points: Array<[string, number]> = [];
  for (let m = 0; m <= minutes; m++) points.push([iso(base + m * MIN), m >= stepAt ? high : low]);
  return { service, points, baseline: low, peak: high, peak_time: iso(base + stepAt * MIN) };
}

export function commit(sha: string, message: string, time: number, files: string[], author = 'Dev One') {
  return {
    sha: sha.padEnd(40, '0'),
    author,
    email: `${author.split(' ')[0]!.toLowerCase()}@example.com`,
    time: iso(time),
    message,
    body: '',
    files: files.map((path) => ({ path, added: 1, deleted: 1 })),
  };
}

export interface World {
  signatures?: unknown[];
  errorRates?: unknown[];
  anomalies?: unknown[];
  deployments?: unknown[];
  commits?: unknown[];
  diffs?: Record<string, string>;
  /** metric name -> matrix results */
  series?: Record<string, Array<{ metric: Record<string, string>; values: Array<[number, string]> }>>;
  containers?: unknown[];
  events?: unknown[];
  infoPerMinute?: Array<[string, number]>;
  /** Tools to leave out, as if their server were not configured. */
  without?: string[];
  /** Tools whose every call fails. */
  failing?: string[];
}

/** A caller serving a whole incident world in the servers' output shapes. */
export function worldCaller(w: World) {
  const all = [...(w.commits ?? []), ...((w.deployments ?? []) as Array<{ commits: unknown[] }>).flatMap((d) => d.commits)] as Array<
    ReturnType<typeof commit>
  >;
  const tools: Record<string, Responder> = {
    logs__error_signatures: () => ({ window: {}, baseline: null, entries_scanned: 1000, entries_matched: 10, signatures: w.signatures ?? [] }),
    logs__log_stats: () => ({
      bucket_seconds: 60,
      buckets: (w.infoPerMinute ?? []).map(([start, n]) => ({ start, total: n, by_level: { info: n }, by_service: {} })),
    }),
    metrics__get_error_rates: () => ({ services: w.errorRates ?? [] }),
    metrics__get_anomalies: () => ({ anomalies: w.anomalies ?? [] }),
    metrics__list_metrics: () => ({ metrics: Object.keys(w.series ?? {}).map((name) => ({ name, type: 'gauge', labels: {} })) }),
    // Gauges are asked for as max_over_time(name[step]): the world's series stand for their per-step maxima.
    metrics__query_range: (args) => ({ resultType: 'matrix', result: (w.series ?? {})[String(args.query).replace(/^max_over_time\((.*)\[\d+s\]\)$/, '$1')] ?? [] }),
    git__get_deployments: () => ({ deployments: w.deployments ?? [] }),
    git__get_recent_commits: () => ({ commits: all }),
    git__show_commit: (args) => {
      const c = all.find((x) => x.sha === args.sha);
      if (!c) throw new Error(`unknown sha ${String(args.sha)}`);
      return { ...c, diff: w.diffs?.[c.sha] ?? '', diff_truncated: false };
    },
    docker__list_containers: () => ({ containers: w.containers ?? [] }),
    docker__get_events: () => ({ events: w.events ?? [] }),
  };
  for (const t of w.without ?? []) delete tools[t];
  for (const t of w.failing ?? []) {
    tools[t] = () => {
      throw new Error(`${t}: the server exited during the call`);
    };
  }
  return cannedCaller(tools);
}

/** Gauge samples every 15 s from `base` for `minutes`, value from a function of the minute offset. */
export function gauge(labels: Record<string, string>, base: number, minutes: number, f: (m: number) => number) {
  const values: Array<[number, string]> = [];
  for (let s = 0; s <= minutes * 60; s += 60) values.push([(base + s * 1000) / 1000, String(f(s / 60))]);
  return { metric: labels, values };
}

export function deployment(tag: string, time: number, commits: Array<ReturnType<typeof commit>>) {
  return { tag, time: iso(time), sha: commits[0]!.sha, annotation: `Deploy ${tag}`, commits };
}

/** The parts of a hand-built bundle; `diffs` are the diffs of `deployments`' commits, by sha. */
export interface HandParts {
  signatures?: ErrorSignature[];
  logStats?: LogStatsBucket[];
  errorRates?: ReturnType<typeof errorRate>[];
  anomalies?: Anomaly[];
  deployments?: ReturnType<typeof deployment>[];
  diffs?: Record<string, string>;
  series?: SeriesSamples[];
  counters?: SeriesSamples[];
  /** Resource usage counters (CPU seconds), as the metrics source samples them raw. */
  usageCounters?: SeriesSamples[];
  /** An HTTP cache's outcome counters (hits, passes, client requests), as the metrics source samples them raw. */
  cacheCounters?: SeriesSamples[];
}

/** Hand-built evidence for the analyzers: the given parts, each with a call id and its JSON as the call's output. */
export function handBundle(incident: string, window: { from: number; to: number }, parts: HandParts): EvidenceBundle {
  const b = emptyBundle(incident, { from: iso(window.from), to: iso(window.to) }, iso(window.to));
  const put = <T>(id: string, tool: string, data: T) => {
    b.outputs[id] = { tool, text: JSON.stringify(data) };
    return { call_id: id, tool, data };
  };
  if (parts.signatures) b.signatures = put('sig', 'logs__error_signatures', parts.signatures);
  if (parts.logStats) b.logStats = put('stats', 'logs__log_stats', parts.logStats);
  if (parts.errorRates) b.errorRates = put('rates', 'metrics__get_error_rates', parts.errorRates);
  if (parts.anomalies) b.anomalies = put('anom', 'metrics__get_anomalies', parts.anomalies);
  if (parts.deployments) b.deployments = put('deps', 'git__get_deployments', parts.deployments);
  const commits = (parts.deployments ?? []).flatMap((d) => d.commits);
  for (const [sha, diff] of Object.entries(parts.diffs ?? {})) {
    const c = commits.find((x) => x.sha === sha)!;
    b.diffs.push(put(`diff-${sha.slice(0, 4)}`, 'git__show_commit', { ...c, diff, diff_truncated: false }));
  }
  if (parts.series) b.series.push(put('series', 'metrics__query_range', parts.series));
  if (parts.counters) b.counters.push(put('counters', 'metrics__query_range', parts.counters));
  if (parts.usageCounters) b.usageCounters.push(put('usage', 'metrics__query_range', parts.usageCounters));
  if (parts.cacheCounters) b.cacheCounters.push(put('cache', 'metrics__query_range', parts.cacheCounters));
  return b;
}

/** A gauge series sampled every minute from `base` for `minutes`, value from a function of the minute offset. */
export function minuteSeries(metric: string, labels: Record<string, string>, base: number, minutes: number, f: (m: number) => number): SeriesSamples {
  const points: Array<[number, number]> = [];
  for (let m = 0; m <= minutes; m++) points.push([base + m * MIN, f(m)]);
  return { metric, labels, points };
}

/**
 * The bundle with request_flows' answer: the given parts over empty steps and calls, its output text with times as the
 * server writes them (ISO), so that a cited line is found in it. Tests of the runtime announcements share it.
 */
export function withFlows(b: EvidenceBundle, parts: Partial<RequestFlows>): EvidenceBundle {
  const data = flowsOf(parts);
  const announcements = (data.announcements ?? []).map((a) => ({ ...a, time: new Date(a.time).toISOString() }));
  const statementMinutes = data.statementMinutes ? { statement_minutes: data.statementMinutes.map((t) => new Date(t).toISOString()) } : {};
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify({ ...data, ...(data.announcements ? { announcements } : {}), ...statementMinutes }) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data };
  return b;
}

/** request_flows' answer with only the given parts (statement counts, announcements), the rest empty. */
export function flowsOf(parts: Partial<RequestFlows>): RequestFlows {
  return { minutes: [], steps: [], transitions: [], calls: [], services: [], ...parts };
}
