// The logs source: --logs (files, directories, globs), and the engine's reading of error signatures against a
// baseline of the window's own length, per-minute counts and request flows (slots signatures, logStats, flows).
import { z } from 'zod';
import type { ErrorSignature, LogStatsBucket } from '../evidence.js';
import { clientFromFields } from '../logs/db-client.js';
import { peerFromFields } from '../logs/peer-fields.js';
import { loggerFromFields } from '../logs/logger-field.js';
import { upstreamStatusFromFields } from '../logs/upstream-status.js';
import { num, optStr, str } from '../contracts/fields.js';
import { parseItems, type ListContract } from '../contracts/parse.js';
import { REQUEST_FLOWS, parseFlows, type RequestFlows } from './request-flows.js';
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
