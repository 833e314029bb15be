// request_flows' aggregation: entries with a trace id grouped per request, each reduced to a step (service + statement,
// flow-steps.ts), transitions counted per minute of request start; every entry's statement per minute (statements.ts).
import { inWindow, toIso, type TimeWindow } from '../../src/core/time.js';
import { fullEntry, type LogEntry } from './entries.js';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import { entryStep } from './flow-steps.js';
import { atLeast } from '../../src/core/logs/levels.js';
import { samplingNote, type Coverage } from './coverage.js';
import { StatementCounter, type StatementsOut } from './statements.js';
import { scanWindows, type ScanOptions } from './window-scan.js';
import { AnnouncementLog, type Announcement } from './announcements.js';
import { RedeliveryLog, type Redelivery } from './redeliveries.js';
import { SlowConsumerLog, type SlowConsumer } from './slow-consumers.js';
import { SidecarRaceLog, type SidecarRace } from './sidecar-races.js';
import { GapCells } from './flow-gaps.js';
import { SampleLog, type LogSample } from './log-samples.js';
import { FieldValueLog, type FieldValues } from './field-values.js';
import { UpstreamPeerLog, type UpstreamPeer } from './upstream-peers.js';
import { OwnSequenceLog, type OwnSequencesOut } from './own-sequences.js';
import { OwnRequestLog, type OwnRequestsOut } from './own-requests.js';

export interface FlowsQuery {
  window: TimeWindow;
  /** Most transitions returned (the most frequent first). */
  maxTransitions: number;
  scan: ScanOptions;
}

export interface FlowsOut extends StatementsOut {
  /** Minute starts (ISO) that the transition counts are aligned with. */
  minutes: string[];
  /** Steps: a service and its statement (code location or logger, and the masked leading words of a message); `failed` when it was logged at error level or worse. */
  steps: Array<{ service: string | null; step: string; failed?: true }>;
  /**
   * `from`/`to` index `steps`; `to` is -1 where the request's entries end. `counts[i]` is for minutes[i]; `gap_ms[i]`
   * the median time (ms) from the `from` entry to the `to` entry in that minute's requests, `gap_spread_ms[i]` their
   * robust spread (null: none; both absent for the end).
   */
  transitions: Array<{ from: number; to: number; counts: number[]; gap_ms?: Array<number | null>; gap_spread_ms?: Array<number | null> }>;
  /** Which service called which: per request, a service's caller is the innermost other service still active when it first logs. */
  calls: Array<{ caller: string; callee: string; counts: number[] }>;
  /**
   * Per service and minute: the requests it took part in, and those whose first error-level entry was its own (the
   * request failed there first; its callers' errors about it came later).
   */
  services: Array<{ service: string; requests: number[]; failed_first: number[] }>;
  /** Runtime changes the entries announce at any level (a flag switched, configuration reloaded, a pod created). */
  announcements: Announcement[];
  /** Messages a queue handed out again while still being worked on, and the typical gap (a broker's timeout). */
  redelivery?: Redelivery;
  /** Clients a broker logged as falling behind what it sends them (at any level: brokers log it at info). */
  slow_consumers?: SlowConsumer[];
  /** Apps whose connections failed between their pods' sidecar start and ready lines (any level: apps relay them at info). */
  sidecar_races?: SidecarRace[];
  /** Numeric samples the lines carry (Heroku's `sample#memory_total=412MB`): per service, source and metric, per minute. */
  samples?: LogSample[];
  /** Per statement, the values its non-error lines carry (field-values.ts), counts aligned with `statement_minutes`. */
  fields?: FieldValues[];
  /** Per service and upstream address its lines name, connects answered and failed per statement minute (upstream-peers.ts). */
  peers?: UpstreamPeer[];
  /** Only when no entry carried a trace id: each log's entries of a service step to next step (own-sequences.ts). */
  sequences?: OwnSequencesOut;
  /** Only when no entry carried a trace id: per service, bursts of its own entries and those holding an error (own-requests.ts). */
  own_requests?: OwnRequestsOut[];
  requests: number;
  entries_with_trace: number;
  transitions_dropped: number;
  sampling?: string;
}

// trace_id=…, traceId: …, "TraceID": "…", X-B3-TraceId … (a hex or uuid id of 16 characters or more).
const TRACE_IN_TEXT = /\btrace[_.-]?id["']?\s*[:=]\s*["']?([0-9a-fA-F][0-9a-fA-F-]{15,63})/i;
const TRACE_FIELDS = ['trace_id', 'traceId', 'traceid', 'trace.id', 'TraceId', 'traceID', 'dd.trace_id'];
// span_id=…, spanId: …, "SpanID": "…" (the span of the service handling its part of the request).
const SPAN_IN_TEXT = /\bspan[_.-]?id["']?\s*[:=]\s*["']?([0-9a-fA-F][0-9a-fA-F-]{7,63})/i;
const SPAN_FIELDS = ['span_id', 'spanId', 'spanid', 'span.id', 'SpanId', 'spanID', 'dd.span_id'];
/** Bounds memory on huge logs: requests beyond this are not followed (the answer says how many were). */
const MAX_OPEN_REQUESTS = 200_000;

export function traceIdOf(e: LogEntry): string | null {
  return idOf(e, TRACE_FIELDS, TRACE_IN_TEXT);
}

/** The entry's span id (its service's part of the request), or null. */
export function spanIdOf(e: LogEntry): string | null {
  return idOf(e, SPAN_FIELDS, SPAN_IN_TEXT);
}

/** An id from the first structured field that holds one (8+ characters), else from the message text (lower-cased). */
function idOf(e: LogEntry, fields: readonly string[], inText: RegExp): string | null {
  for (const k of fields) {
    const v = e.fields?.[k];
    if ((typeof v === 'string' || typeof v === 'number') && String(v).length >= 8) return String(v);
  }
  const m = inText.exec(e.message);
  return m ? m[1]!.toLowerCase() : null;
}

interface Request {
  start: number;
  events: Array<[number, number, string | null, boolean]>; // [time, step index, span id, logged at error or worse]
}

export async function requestFlows(files: FileInfo[], q: FlowsQuery): Promise<FlowsOut> {
  const stepIndex = new Map<string, number>();
  const steps: FlowsOut['steps'] = [];
  const requests = new Map<string, Request>();
  let withTrace = 0;
  const statements = new StatementCounter();
  // Every entry is read whole here anyway: the runtime changes among them cost one cheap test each.
  const announced = new AnnouncementLog();
  const redelivered = new RedeliveryLog();
  const slow = new SlowConsumerLog();
  const races = new SidecarRaceLog();
  const sampled = new SampleLog();
  const valued = new FieldValueLog();
  const peered = new UpstreamPeerLog();
  const sequenced = new OwnSequenceLog();
  const bursts = new OwnRequestLog();
  const coverage: Coverage[] = [];
  for (const info of files) {
    coverage.push(
      await scanWindows(info, [q.window], { ...q.scan, lazy: true }, (lazy) => {
        const time = lazy.time;
        if (time === null || !inWindow(time, q.window)) return;
        const e = fullEntry(lazy);
        const { step, key: stepKey, statement } = entryStep(e);
        const failed = atLeast(e.level, 'error');
        statements.add(time, e.service, stepKey, step, failed);
        announced.add(time, e);
        redelivered.add(time, e.service, e.message);
        slow.add(time, e.service, e.message);
        races.add(time, e.service, e.message);
        sampled.add(time, e);
        valued.add(time, e, stepKey, step);
        peered.add(time, e);
        const trace = traceIdOf(e);
        if (!trace) {
          // Only statements named by their code: a line that only has its words (an access log's) may stand for a
          // whole request, and its next line is then another request's, the request mix rather than a path.
          if (statement) sequenced.add(time, info.file, e.service, stepKey, step, failed);
          // Every entry is part of its burst, an error line that names no code (a framework's) as much as any.
          bursts.add(time, info.file, e.service, failed, statement);
          return;
        }
        withTrace++;
        const key = `${e.service ?? ''}\u0000${stepKey}`;
        let idx = stepIndex.get(key);
        if (idx === undefined) {
          stepIndex.set(key, (idx = steps.length));
          steps.push({ service: e.service, step });
        }
        if (failed) steps[idx]!.failed = true;
        const r = requests.get(trace) ?? (requests.size < MAX_OPEN_REQUESTS ? { start: time, events: [] } : null);
        if (!r) return;
        requests.set(trace, r);
        r.start = Math.min(r.start, time);
        r.events.push([time, idx, spanIdOf(e), failed]);
      }),
    );
  }
  const minuteIndex = new Map<number, number>();
  const minutes = [...new Set([...requests.values()].map((r) => Math.floor(r.start / 60_000) * 60_000))].sort((a, b) => a - b);
  minutes.forEach((m, i) => minuteIndex.set(m, i));
  const counts = new Map<string, number[]>();
  const calls = new Map<string, number[]>();
  const gaps = new GapCells();
  const perService = new Map<string, { requests: number[]; failed_first: number[] }>();
  for (const r of requests.values()) {
    // Stable by time, then by file order of the entries (same-millisecond entries keep their order).
    const ev = r.events.map((x, i) => [x[0], x[1], i, x[2], x[3]] as const).sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    const mi = minuteIndex.get(Math.floor(r.start / 60_000) * 60_000)!;
    const last = lastPositions(ev, steps);
    for (let i = 0; i < ev.length; i++) {
      const key = `${ev[i]![1]}>${i + 1 < ev.length ? ev[i + 1]![1] : -1}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = new Array<number>(minutes.length).fill(0)));
      c[mi]!++;
      if (answered(ev, i, last, steps)) gaps.add(key, mi, ev[i + 1]![0] - ev[i]![0]);
    }
    const firstFailure = ev.find((x) => x[4]);
    const failedAt = firstFailure ? steps[firstFailure[1]]!.service : null;
    for (const svc of new Set(ev.map((x) => steps[x[1]]!.service))) {
      if (!svc) continue;
      let c = perService.get(svc);
      if (!c) perService.set(svc, (c = { requests: new Array<number>(minutes.length).fill(0), failed_first: new Array<number>(minutes.length).fill(0) }));
      c.requests[mi]!++;
      if (svc === failedAt) c.failed_first[mi]!++;
    }
    for (const [caller, callee] of callEdges(ev.map((x) => [x[0], steps[x[1]]!.service, x[3]] as const))) {
      const key = `${caller}\u0000${callee}`;
      let c = calls.get(key);
      if (!c) calls.set(key, (c = new Array<number>(minutes.length).fill(0)));
      c[mi]!++;
    }
  }
  const ranked = [...counts].map(([k, c]) => ({ k, c, total: c.reduce((a, b) => a + b, 0) })).sort((a, b) => b.total - a.total || a.k.localeCompare(b.k));
  const kept = ranked.slice(0, q.maxTransitions);
  // Re-index the steps the kept transitions use, so the answer carries no unused ones.
  const used = new Map<number, number>();
  const outSteps: FlowsOut['steps'] = [];
  const idx = (i: number) => {
    if (i < 0) return -1;
    if (!used.has(i)) {
      used.set(i, outSteps.length);
      outSteps.push(steps[i]!);
    }
    return used.get(i)!;
  };
  const transitions = kept.map(({ k, c }) => {
    const [from, to] = k.split('>').map(Number) as [number, number];
    return { from: idx(from), to: idx(to), counts: c, ...(to >= 0 ? gaps.summary(k, minutes.length) : {}) };
  });
  const sampling = samplingNote(coverage);
  const redelivery = redelivered.result();
  const samples = sampled.result();
  const slowConsumers = slow.result();
  const sidecarRaces = races.result();
  const counted = statements.result();
  const fields = valued.result(counted.statement_minutes.map(Date.parse));
  const peers = peered.result(counted.statement_minutes.map(Date.parse));
  // Traced requests say more than any one log's order: sequences only where there are none.
  const sequences = withTrace === 0 ? sequenced.result(counted.statement_minutes.map(Date.parse), q.maxTransitions) : null;
  const ownRequests = withTrace === 0 ? bursts.result(counted.statement_minutes.map(Date.parse)) : [];
  return {
    minutes: minutes.map(toIso),
    steps: outSteps,
    transitions,
    calls: [...calls].sort((a, b) => a[0].localeCompare(b[0])).map(([k, c]) => {
      const [caller, callee] = k.split('\u0000') as [string, string];
      return { caller, callee, counts: c };
    }),
    services: [...perService].sort((a, b) => a[0].localeCompare(b[0])).map(([service, c]) => ({ service, ...c })),
    announcements: announced.result(),
    ...(redelivery ? { redelivery } : {}),
    ...(slowConsumers.length ? { slow_consumers: slowConsumers } : {}),
    ...(sidecarRaces.length ? { sidecar_races: sidecarRaces } : {}),
    ...(samples.length ? { samples } : {}),
    requests: requests.size,
    entries_with_trace: withTrace,
    transitions_dropped: ranked.length - kept.length,
    ...counted,
    ...(fields.length ? { fields } : {}),
    ...(peers.length ? { peers } : {}),
    ...(sequences?.transitions.length ? { sequences } : {}),
    ...(ownRequests.length ? { own_requests: ownRequests } : {}),
    ...(sampling ? { sampling } : {}),
  };
}

/**
 * Whether the wait after entry `i` of a request (time, step, order, span, in time order) is one after its part of the
 * request answered: the entry is the last of its service's part (its span, or the service without span ids), and the
 * next entry is known to be next (entries of several files in one millisecond are in no known order, so a next entry
 * that shares its instant with this one or the one after it is not).
 */
function answered(ev: ReadonlyArray<readonly [number, number, number, string | null, boolean]>, i: number, last: ReadonlyMap<string, number>, steps: FlowsOut['steps']): boolean {
  if (i + 1 >= ev.length || ev[i + 1]![0] <= ev[i]![0] || (i + 2 < ev.length && ev[i + 2]![0] <= ev[i + 1]![0])) return false;
  return last.get(partOf(ev[i]!, steps)) === i;
}

/** Each part's (service and span) last position in the request's entries. */
function lastPositions(ev: ReadonlyArray<readonly [number, number, number, string | null, boolean]>, steps: FlowsOut['steps']): Map<string, number> {
  const out = new Map<string, number>();
  ev.forEach((e, k) => out.set(partOf(e, steps), k));
  return out;
}

const partOf = (e: readonly [number, number, number, string | null, boolean], steps: FlowsOut['steps']) => `${steps[e[1]]!.service ?? ''}\u0000${e[3] ?? ''}`;

/**
 * The calls in one request from its entries in time order: a part of the request (a service's span, or the service
 * when its entries carry no span id) was called by the innermost other part that logged before it first logs and logs
 * again after (its span encloses that moment). Span ids keep two calls to one service apart: taken together, a service
 * called twice would seem to enclose whatever its caller did between the calls. A part that nothing encloses has a
 * caller that did not log (a gateway, a client): no edge is drawn rather than one from a sibling. Each edge once.
 */
export function callEdges(events: ReadonlyArray<readonly [number, string | null, (string | null)?]>): Array<[string, string]> {
  const parts = new Map<string, { svc: string; first: number; last: number; order: number }>();
  events.forEach(([t, svc, span], i) => {
    if (!svc) return;
    const key = span ? `${svc}\u0000${span}` : svc;
    const p = parts.get(key);
    if (!p) parts.set(key, { svc, first: t, last: t, order: i });
    else p.last = t;
  });
  const ordered = [...parts.values()].sort((a, b) => a.order - b.order);
  const out = new Map<string, [string, string]>();
  for (const p of ordered) {
    let caller: string | null = null;
    let best = -1;
    for (const u of ordered) {
      if (u.order >= p.order) break;
      if (u.svc === p.svc || u.last < p.first) continue;
      if (u.order > best) [caller, best] = [u.svc, u.order];
    }
    if (caller) out.set(`${caller}\u0000${p.svc}`, [caller, p.svc]);
  }
  return [...out.values()];
}
