// The logs source: --logs (files, directories, globs), and the engine's reading of error signatures against a
// baseline of the window's own length, per-minute counts and request flows (slots signatures, logStats, flows).
import { z } from 'zod';
import type { ErrorSignature, LogStatsBucket, SeriesSamples } from '../evidence.js';
import { clientFromFields } from '../logs/db-client.js';
import { peerFromFields } from '../logs/peer-fields.js';
import { loggerFromFields } from '../logs/logger-field.js';
import { upstreamStatusFromFields } from '../logs/upstream-status.js';
import { num, optStr, str } from '../contracts/fields.js';
import { parseItems, type ListContract } from '../contracts/parse.js';
import { SIDECAR_RACES, parseSidecarRaces, type SidecarRaces } from './sidecar-races.js';
import { abs, defineSource, flagPath, nonEmpty, spanProbe, type Cited } from './source.js';

const signatureSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  template: str,
  level: z.string().default('error'),
  services: z.array(z.string()).default([]),
  count: num,
  first_seen: optStr.transform((v) => v ?? null),
  last_seen: optStr.transform((v) => v ?? null),
  example: z.string().default(''),
  example_source: z.string().default(''),
  per_minute: z.array(z.tuple([z.string(), num])).default([]),
  baseline_count: num.default(0),
  new: z.boolean().default(false),
  // A sampled baseline: its count of 0 is no proof of absence, `new` carries the server's test.
  baseline_sampled: z.boolean().optional().catch(undefined),
  // Exception chains and Kubernetes pods: absent for plain errors and for files outside a cluster.
  root_cause: z.string().optional().catch(undefined),
  exception_chain: z.array(z.string()).optional().catch(undefined),
  pods: z.array(z.string()).optional().catch(undefined),
  namespaces: z.array(z.string()).optional().catch(undefined),
  // Of a database's statement: whose it was, from the example's fields (the readers' shared names, db-client.ts); of a
  // client library's record: the remote it was calling (peer-fields.ts), and the logger it was written by (logger-field.ts).
  example_fields: z
    .record(z.string(), z.unknown())
    .optional()
    .catch(undefined)
    .transform((f) => ({ client: clientFromFields(f), peer: peerFromFields(f), logger: loggerFromFields(f), upstreamStatus: upstreamStatusFromFields(f) })),
});

const bucketSchema = z.object({
  start: str,
  total: num.default(0),
  by_level: z.record(z.string(), num).default({}),
  by_service: z.record(z.string(), num).default({}),
});

export const ERROR_SIGNATURES: ListContract<z.output<typeof signatureSchema>> = {
  keys: ['signatures'],
  item: signatureSchema,
  // A note on the per-minute series is for a model reading the output (the example's fields are read for a client, a peer and a logger only).
  unread: ['per_minute_note', 'new_note'],
};
export const LOG_STATS: ListContract<z.output<typeof bucketSchema>> = { keys: ['buckets'], item: bucketSchema };

// The evidence types name the levels; the contract accepts any word a server sends.
export const parseSignatures = (j: unknown): ErrorSignature[] | null =>
  parseItems(j, ERROR_SIGNATURES)?.map(
    ({ example_fields: { client, peer, logger, upstreamStatus }, ...s }) =>
      ({ ...s, ...(client ? { client } : {}), ...(peer ? { peer } : {}), ...(logger ? { logger } : {}), ...(upstreamStatus ? { upstream_status: upstreamStatus } : {}) }) as ErrorSignature,
  ) ?? null;
export const parseLogStats = (j: unknown): LogStatsBucket[] | null => parseItems(j, LOG_STATS) as LogStatsBucket[] | null;

const gaps = z.array(z.number().nonnegative().nullable()).optional().catch(undefined);
/** request_flows' answer, whole (one object, not a list): steps, their transitions per minute, the call graph. */
export const REQUEST_FLOWS = z.object({
  minutes: z.array(str),
  steps: z.array(z.object({ service: z.string().nullable().default(null), step: z.string().default(''), failed: z.boolean().optional().catch(undefined) })),
  // The waits are an addition a server may not send; a malformed list drops only itself.
  transitions: z.array(z.object({ from: z.number().int(), to: z.number().int(), counts: z.array(num), gap_ms: gaps, gap_spread_ms: gaps })),
  calls: z.array(z.object({ caller: str, callee: str, counts: z.array(num) })).default([]),
  services: z.array(z.object({ service: str, requests: z.array(num), failed_first: z.array(num) })).default([]),
  statement_minutes: z.array(str).default([]),
  statements: z
    .array(z.object({ service: z.string().nullable().default(null), step: z.string().default(''), failed: z.boolean().optional().catch(undefined), counts: z.array(num) }))
    .default([]),
  // Read as untrusted: a malformed one drops only itself.
  redelivery: z
    .object({ period_ms: z.number().positive().finite(), count: z.number().int().positive(), service: z.string().max(200).nullable().default(null), example: z.string().max(2000) })
    .optional()
    .catch(undefined),
  // Clients a broker logged as falling behind (servers/logs/slow-consumers.ts), untrusted: a malformed one drops only itself.
  slow_consumers: z
    .array(
      z
        .object({ client: z.string().min(1).max(120), service: z.string().max(200).nullable().default(null), first: str, last: str, count: z.number().int().positive(), example: z.string().max(2000) })
        .nullable()
        .catch(null),
    )
    .max(50)
    .catch([])
    .default([]),
  sidecar_races: SIDECAR_RACES,
  // One malformed announcement drops only itself.
  announcements: z
    .array(
      z
        .object({ time: str, service: z.string().nullable().default(null), kind: z.enum(['flag', 'config', 'schema', 'lifecycle', 'clock', 'failover', 'operation', 'scale', 'audit', 'credential', 'destroy']), text: z.string().max(2000), objects: z.array(z.string().max(200)).max(20).optional().catch(undefined), host: z.string().max(200).optional().catch(undefined), actor: z.string().max(200).optional().catch(undefined), credential: z.enum(['lease', 'signing_key', 'secret', 'access_key']).optional().catch(undefined) })
        .nullable()
        .catch(null),
    )
    .catch([])
    .default([]),
  // Numeric samples the lines carry (servers/logs/log-samples.ts), untrusted: a malformed series drops only itself.
  samples: z
    .array(
      z
        .object({
          metric: z.string().regex(/^[a-z][a-z0-9_]{0,80}$/),
          labels: z.record(z.string().max(64), z.string().max(128)),
          points: z.array(z.tuple([z.number().finite(), z.number().finite()])).max(2000),
        })
        .nullable()
        .catch(null),
    )
    .max(500)
    .catch([])
    .default([]),
  // Values of the statements' fields (servers/logs/field-values.ts), untrusted: a malformed field drops only itself.
  fields: z
    .array(
      z
        .object({ service: z.string().max(200).nullable().default(null), step: z.string().max(400), field: z.string().max(64), values: z.array(z.string().max(64)).max(32), counts: z.array(z.array(num)).max(32) })
        .nullable()
        .catch(null),
    )
    .max(500)
    .catch([])
    .default([]),
  // Upstream addresses connected to (servers/logs/upstream-peers.ts), untrusted: a malformed peer drops only itself.
  peers: z
    .array(z.object({ service: z.string().max(200).nullable().default(null), address: z.string().max(64), ok: z.array(num), failed: z.array(num) }).nullable().catch(null))
    .max(200)
    .catch([])
    .default([]),
  // Each log's own order where no entry carried a trace id (servers/logs/own-sequences.ts); malformed, it drops whole.
  sequences: z
    .object({
      steps: z.array(z.object({ service: z.string().nullable().default(null), step: z.string().default(''), failed: z.boolean().optional().catch(undefined) })),
      transitions: z.array(z.object({ from: z.number().int(), to: z.number().int(), counts: z.array(num) })),
    })
    .optional()
    .catch(undefined),
  // Each service's bursts of its own untraced entries (servers/logs/own-requests.ts), untrusted: a malformed one drops only itself.
  own_requests: z
    .array(z.object({ service: z.string().max(200), requests: z.array(num), failed: z.array(num) }).nullable().catch(null))
    .max(1000)
    .catch([])
    .default([]),
});

/** Request flows with minutes as ms. `to` is -1 where a request's entries end; `counts` align with `minutes`. */
export interface RequestFlows {
  minutes: number[];
  /** `failed`: the step was logged at error level or worse. */
  steps: Array<{ service: string | null; step: string; failed?: boolean }>;
  /**
   * `gap_ms`: per minute, the median wait (ms) from the `from` entry to the `to` entry, `gap_spread_ms` the robust
   * spread of that minute's waits (null: not taken that minute).
   */
  transitions: Array<{ from: number; to: number; counts: number[]; gap_ms?: Array<number | null>; gap_spread_ms?: Array<number | null> }>;
  /** Which service called which (per request, the innermost service active when the callee first logged). */
  calls: Array<{ caller: string; callee: string; counts: number[] }>;
  /** Per service and minute: requests it took part in, and those whose first error-level entry was its own. */
  services: Array<{ service: string; requests: number[]; failed_first: number[] }>;
  /** Every minute of the entries (ms), traced or not, and per statement (a step's key) its entries in each minute. */
  statementMinutes?: number[];
  statements?: Array<{ service: string | null; step: string; failed?: boolean; counts: number[] }>;
  /** Runtime changes announced in the entries (a flag switched, configuration reloaded, a pod created), time in ms. */
  announcements?: Array<{ time: number; service: string | null; kind: 'flag' | 'config' | 'schema' | 'lifecycle' | 'clock' | 'failover' | 'operation' | 'scale' | 'audit' | 'credential' | 'destroy'; text: string; objects?: string[]; host?: string; actor?: string; credential?: 'lease' | 'signing_key' | 'secret' | 'access_key' }>;
  /** Messages a queue handed out again while still worked on: the median gap (ms), how many, whose, one line to quote. */
  redelivery?: { period_ms: number; count: number; service: string | null; example: string };
  /** Clients a broker logged as falling behind what it sends them (any level): first and last such line (ms), how many, one to quote. */
  slowConsumers?: Array<{ client: string; service: string | null; first: number; last: number; count: number; example: string }>;
  /** Apps whose connections failed before their pods' mesh sidecar was ready. */
  sidecarRaces?: SidecarRaces[];
  /** Numeric samples the log lines carry (Heroku's runtime metrics): per service, source and metric, per minute. */
  samples?: SeriesSamples[];
  /** Per statement and field, the values its non-error lines carried, per value its counts aligned with `statementMinutes`. */
  fields?: Array<{ service: string | null; step: string; field: string; values: string[]; counts: number[][] }>;
  /** Per service and upstream address (`10.0.3.17:8080`), connects answered and failed, aligned with `statementMinutes`. */
  peers?: Array<{ service: string | null; address: string; ok: number[]; failed: number[] }>;
  /** Where no entry carried a trace id: each log's entries of a service, step to next step, aligned with `statementMinutes`. */
  sequences?: { steps: Array<{ service: string | null; step: string; failed?: boolean }>; transitions: Array<{ from: number; to: number; counts: number[] }> };
  /** Where no entry carried a trace id: per service, bursts of its own entries and those holding an error, aligned with `statementMinutes`. */
  ownRequests?: Array<{ service: string; requests: number[]; failed: number[] }>;
}

/** request_flows' answer; transitions pointing outside the steps, or counts not aligned with the minutes, are dropped. */
export function parseFlows(j: unknown): RequestFlows | null {
  const r = REQUEST_FLOWS.safeParse(j);
  if (!r.success) return null;
  const minutes = r.data.minutes.map((m) => Date.parse(m));
  if (minutes.some(Number.isNaN)) return null;
  const n = r.data.steps.length;
  const aligned = (c: ReadonlyArray<number | null>) => c.length === minutes.length;
  const transitions = r.data.transitions
    .filter((t) => t.from >= 0 && t.from < n && t.to >= -1 && t.to < n && aligned(t.counts))
    .map(({ gap_ms, gap_spread_ms, ...t }) =>
      gap_ms && gap_spread_ms && aligned(gap_ms) && aligned(gap_spread_ms) ? { ...t, gap_ms, gap_spread_ms } : t,
    );
  const calls = r.data.calls.filter((c) => aligned(c.counts));
  const services = r.data.services.filter((c) => aligned(c.requests) && aligned(c.failed_first));
  const statementMinutes = r.data.statement_minutes.map((m) => Date.parse(m));
  const statements = statementMinutes.some(Number.isNaN) ? [] : r.data.statements.filter((c) => c.counts.length === statementMinutes.length);
  const announcements = r.data.announcements.flatMap((a) => (a && !Number.isNaN(Date.parse(a.time)) ? [{ ...a, time: Date.parse(a.time) }] : []));
  const redelivery = r.data.redelivery;
  const slowConsumers = r.data.slow_consumers.flatMap((x) => (x && !Number.isNaN(Date.parse(x.first)) && !Number.isNaN(Date.parse(x.last)) ? [{ ...x, first: Date.parse(x.first), last: Date.parse(x.last) }] : []));
  const sidecarRaces = parseSidecarRaces(r.data.sidecar_races);
  const samples = r.data.samples.flatMap((x) => (x && x.points.length ? [x] : []));
  const fields = r.data.fields.flatMap((f) => (f && f.values.length === f.counts.length && f.counts.every((c) => c.length === statementMinutes.length) ? [f] : []));
  const peers = r.data.peers.flatMap((p) => (p && p.ok.length === statementMinutes.length && p.failed.length === statementMinutes.length ? [p] : []));
  const seq = r.data.sequences;
  const ownSteps = seq?.steps.length ?? 0;
  const ownTransitions = statementMinutes.some(Number.isNaN) ? [] : (seq?.transitions ?? []).filter((t) => t.from >= 0 && t.from < ownSteps && t.to >= 0 && t.to < ownSteps && t.counts.length === statementMinutes.length);
  const sequences = seq && ownTransitions.length ? { steps: seq.steps, transitions: ownTransitions } : null;
  const ownRequests = statementMinutes.some(Number.isNaN) ? [] : r.data.own_requests.flatMap((o) => (o && o.requests.length === statementMinutes.length && o.failed.length === statementMinutes.length ? [o] : []));
  return { minutes, steps: r.data.steps, transitions, calls, services, statementMinutes, statements, announcements, ...(sequences ? { sequences } : {}), ...(ownRequests.length ? { ownRequests } : {}), ...(redelivery ? { redelivery } : {}), ...(slowConsumers.length ? { slowConsumers } : {}), ...(sidecarRaces.length ? { sidecarRaces } : {}), ...(samples.length ? { samples } : {}), ...(fields.length ? { fields } : {}), ...(peers.length ? { peers } : {}) };
}

/** list_sources' answer (`rca servers`): the server starts for an empty directory too, so a readable file is the data. */
function readableFiles(j: unknown): { answers: boolean; detail: string | null } {
  const r = z
    .object({ sources: z.array(z.unknown()).catch([]), skipped: z.array(z.object({ reason: z.string().optional() }).catch({})).catch([]) })
    .safeParse(j);
  const files = r.success ? r.data.sources.length : 0;
  if (files > 0) return { answers: true, detail: `${files} file${files === 1 ? '' : 's'}` };
  const why = (r.success ? r.data.skipped : []).map((s) => s.reason).filter(Boolean).slice(0, 3).join('; ');
  return { answers: false, detail: `no readable log file${why ? `: ${why}` : ''}` };
}

/**
 * The time budget of the engine's windowed logs calls (three at once, sharing the server's scan threads): a window
 * that takes longer to read is read as an even sample, and the report says so. With the servers' start and the other
 * sources this keeps rca near 10 s on gigabytes of logs (bench:rca-scale); a model's later calls keep the server's own.
 */
export const FIRST_LOOK_BUDGET_MS = 6_000;

/** list_sources as the data's span reads it: the files' first and last times, and what was skipped and why. */
const LIST_SOURCES = z.object({
  sources: z.array(z.object({ first_time: z.string().nullable(), last_time: z.string().nullable() })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })).default([]),
});

/** The logs' span: the earliest first line to the latest last one (null when no file has a time). */
function logsSpan(l: z.output<typeof LIST_SOURCES>): { from: number; to: number } | null {
  const firsts = l.sources.map((s) => Date.parse(s.first_time ?? '')).filter(Number.isFinite);
  const lasts = l.sources.map((s) => Date.parse(s.last_time ?? '')).filter(Number.isFinite);
  return firsts.length && lasts.length ? { from: Math.min(...firsts), to: Math.max(...lasts) } : null;
}

/** A --logs that matches no readable file is a configuration mistake (exit 2), not an empty window. */
function noReadableFile(l: z.output<typeof LIST_SOURCES>): { message: string; hint: string } | null {
  if (l.sources.length > 0) return null;
  const why = l.skipped.map((s) => s.reason).join('; ');
  return { message: `the log sources hold no readable file${why ? `: ${why}` : ''}`, hint: 'check the --logs paths (or sources.logs in rca.config.yaml)' };
}

export const LOGS = defineSource({
  server: 'logs',
  label: 'the logs',
  key: 'logs',
  flag: '--logs <path>',
  help: 'log file, directory or glob (repeatable)',
  repeatable: true,
  // One string is accepted for a single source.
  config: z.union([nonEmpty.transform((s) => [s]), z.array(nonEmpty)]),
  fromFlag: z.array(flagPath),
  hint: 'logs (list of paths or globs)',
  absolute: (v, base) => v.map((p) => abs(base, p)),
  isSet: (v) => v.length > 0,
  args: (v) => v.flatMap((p) => ['--source', p]),
  // A small young generation on the server's own thread (its scan workers get theirs in scan-pool.ts): its garbage is
  // short-lived call results, and bench:rca-scale's peak RSS at 100x drops by about 10 MB (target < 200 MB), bench:logs'
  // by 16-18 MB. bin/logs-server.js repeats them in its shebang; bench:logs starts the server with these.
  nodeFlags: ['--max-semi-space-size=2'],
  demo: 'logs',
  probe: { tool: 'list_sources', args: {}, answer: readableFiles },
  span: spanProbe({ tool: 'list_sources', args: {}, contract: LIST_SOURCES, span: logsSpan, check: noReadableFile }),
  contracts: {
    error_signatures: { list: ERROR_SIGNATURES },
    log_stats: { list: LOG_STATS },
    // The counts beside the flows are for a model reading the output.
    request_flows: { whole: REQUEST_FLOWS, unread: ['requests', 'entries_with_trace', 'transitions_dropped'] },
  },
  offline: {
    callOrder: 2,
    slots: () => ({
      signatures: null as Cited<ErrorSignature[]> | null,
      logStats: null as Cited<LogStatsBucket[]> | null,
      /** Request flows from the logs' trace ids: step-to-step transitions per minute and who calls whom. */
      flows: null as Cited<RequestFlows> | null,
    }),
    async gather({ window, bundle, call, cited }) {
      const { since, until } = window;
      const windowSpan = `${Math.max(1, Math.round((window.to - window.from) / 60_000))}m`;
      // The localizer compares every transition before and after the onset: a cut answer drops the rare ones first.
      const budget = { timeBudgetMs: FIRST_LOOK_BUDGET_MS };
      const [sigs, stats, flows] = await Promise.all([
        // Read whole: at the tool's default cap a few long examples (SQL, stacks) halve the list, and the signature
        // cut is not the least useful but whatever sorted last (a new client's statements, new only at the onset).
        call('error_signatures', { since, until, top: 40, baseline: windowSpan, min_level: 'warn', max_output_bytes: 512 * 1024 }, budget),
        call('log_stats', { since, until, bucket: '1m' }, budget),
        call('request_flows', { since, until, max_output_bytes: 1024 * 1024 }, budget),
      ]);
      bundle.signatures = cited(sigs, parseSignatures);
      bundle.logStats = cited(stats, parseLogStats);
      bundle.flows = cited(flows, parseFlows);
    },
    windowed: { log_stats: (j) => parseLogStats(j)?.reduce((a, b) => a + b.total, 0) },
  },
  modelTools: {
    always: ['error_signatures', 'search_logs', 'read_logs'],
    byCategory: { capacity: ['log_stats'], dependency_failure: ['log_stats'], unknown: ['log_stats'] },
  },
});
