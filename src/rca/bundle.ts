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
  SeriesSamples,
  ShowCommitResult,
} from '../core/evidence.js';
import type { RequestFlows } from '../core/contracts/logs.js';

export type { RequestFlows };

/** One piece of evidence and the call that produced it. */
export interface Cited<T> {
  call_id: string;
  tool: string;
  data: T;
}

export interface EvidenceBundle {
  incident: string;
  window: { from: string; to: string };
  at: string;
  signatures: Cited<ErrorSignature[]> | null;
  logStats: Cited<LogStatsBucket[]> | null;
  /** Request flows from the logs' trace ids: step-to-step transitions per minute and who calls whom. */
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
