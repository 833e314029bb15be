// The evidence an investigation gathered, typed, with the tool call each piece came from:
// analyzers read only this (no I/O), and every quote they make is checked against `outputs`.
import type {
  Anomaly,
  CommitInfo,
  ContainerEvent,
  ContainerSummary,
  Deployment,
  ErrorRateSeries,
  ErrorSignature,
  LogStatsBucket,
  ShowCommitResult,
} from '../core/evidence.js';

/** One piece of evidence and the call that produced it. */
export interface Cited<T> {
  call_id: string;
  tool: string;
  data: T;
}

/** One metric series sampled over the window (from query_range), times in ms. */
export interface SeriesSamples {
  metric: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Request flows from the logs' trace ids: step-to-step transitions counted per minute of the request's start. */
export interface RequestFlows {
  minutes: number[];
  steps: Array<{ service: string | null; step: string }>;
  /** `to` is -1 where a request's entries end; `counts` aligned with `minutes`. */
  transitions: Array<{ from: number; to: number; counts: number[] }>;
  /** Which service called which (per request, the innermost service active when the callee first logged). */
  calls: Array<{ caller: string; callee: string; counts: number[] }>;
}

export interface EvidenceBundle {
  incident: string;
  window: { from: string; to: string };
  at: string;
  signatures: Cited<ErrorSignature[]> | null;
  logStats: Cited<LogStatsBucket[]> | null;
  flows: Cited<RequestFlows> | null;
  anomalies: Cited<Anomaly[]> | null;
  errorRates: Cited<ErrorRateSeries[]> | null;
  deployments: Cited<Deployment[]> | null;
  commits: Cited<CommitInfo[]> | null;
  diffs: Array<Cited<ShowCommitResult>>;
  series: Array<Cited<SeriesSamples[]>>;
  /** Request counters sampled raw (cumulative values) over the window: traffic per service. */
  counters: Array<Cited<SeriesSamples[]>>;
  containers: Cited<ContainerSummary[]> | null;
  containerEvents: Cited<ContainerEvent[]> | null;
  /** The raw text of every call by id: the ground truth for quotes. */
  outputs: Record<string, { tool: string; text: string }>;
}

export function emptyBundle(incident: string, window: { from: string; to: string }, at: string): EvidenceBundle {
  return {
    incident,
    window,
    at,
    signatures: null,
    logStats: null,
    flows: null,
    anomalies: null,
    errorRates: null,
    deployments: null,
    commits: null,
    diffs: [],
    series: [],
    counters: [],
    containers: null,
    containerEvents: null,
    outputs: {},
  };
}
