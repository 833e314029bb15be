// One piece of per-service anomaly evidence, whatever it was read from (a metric series, a service's
// log errors, a container's restarts), with the kind of signal it is, so ranking can tell cause-like from symptom-like.
import { workloadOf } from '../../core/logs/kubernetes.js';
import type { MetricKind } from '../../core/metric-kind.js';
import type { EvidenceRef } from '../quote.js';

/** Series are classified by name in core, where the metrics source orders what it reads by the same reading. */
export { metricKind, pressureFalls } from '../../core/metric-kind.js';

/**
 * What a metric series measures, plus the kinds only logs and request flows give. cpu, memory, disk and handles are
 * resource pressure; client_latency and named_by_errors point away from the service itself.
 */
export type SignalKind = MetricKind | 'client_errors' | 'log_errors' | 'named_by_errors' | 'relayed_errors' | 'flow_break' | 'wrong_values';

export interface ServiceSignal {
  service: string;
  kind: SignalKind;
  /** What it was read from (a metric name, "logs"): signals of one family are compared across services. */
  family: string;
  /** Robust z-score (or an equivalent count statistic), positive = more anomalous. */
  z: number;
  /** When it departed (ms), or null. */
  start: number | null;
  /** One line for the report: what moved, from what to what. */
  what: string;
  evidence: EvidenceRef | null;
  /** Usage metrics with a known limit (percent, ratio): the sustained level after the onset as a share of it. */
  limitShare?: number;
  /** It departed only on its own scale, by less than the system's usual spread: evidence for the later places only. */
  weak?: boolean;
  /** The kind it was read as before its caller's own calls explained it (own-calls.ts): its handling time, passed on. */
  passedFrom?: SignalKind;
  /** Its series did the same earlier in the window while the symptom stayed calm (harmless-repeats.ts): why, in words. */
  routine?: string;
}

/** How much a kind of signal says "the cause is here" rather than "this is where it was felt". */
export const KIND_WEIGHT: Record<SignalKind, number> = {
  cpu: 1,
  memory: 0.5,
  /** Disk I/O also rises with load (more requests, more log lines), so a little less than CPU. */
  disk: 0.9,
  /** Callers waiting on a slow callee hold more sockets and threads: a rise is as often a symptom as a cause. */
  handles: 0.5,
  latency: 0.7,
  client_latency: 0.25,
  errors: 0.8,
  /** Errors a caller returns while its own calls fail or slow down: its callees' failure passed on. */
  client_errors: 0.25,
  log_errors: 0.9,
  traffic: 0.3,
  network: 0.35,
  /** Drops, loss, retransmits and resets at a pod: its own network path failing, where bytes only show load. */
  network_faults: 0.8,
  restarts: 1,
  named_by_errors: 0.8,
  /** Its own error messages, relayed by its callers (gRPC's `desc = <message>`): an error of its own, seen upstream. */
  relayed_errors: 0.8,
  /** Requests that stopped reaching a service (or changed course in it): where a request first goes wrong. */
  flow_break: 1,
  /** Its ordinary lines' values moved with no error (shifted-values.ts): where a wrong answer first shows, as a break does. */
  wrong_values: 1,
  other: 0.3,
};

/** A Kubernetes pod name's workload: "cart-579f59597d-wc2lz" -> "cart", "db-0" -> "db". */
export function podWorkload(pod: string): string {
  return workloadOf(pod);
}

/** Signals and, per family, how many services it could have fired for (the population it was read over). */
export interface SignalSet {
  signals: ServiceSignal[];
  population: Map<string, number>;
}
