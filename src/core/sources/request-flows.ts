// request_flows' answer as the engine reads it: the contract (steps, transitions, calls, statements and the detectors'
// findings per minute) and its parsing, which drops whatever is not aligned with the minutes rather than trusting it.
import { z } from 'zod';
import type { SeriesSamples } from '../evidence.js';
import { num, str } from '../contracts/fields.js';
import { SIDECAR_RACES, parseSidecarRaces, type SidecarRaces } from './sidecar-races.js';

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
