// The JSON shapes the servers' tools return and the rca analyzers read: one contract for both sides.
// Times are ISO-8601 strings (UTC, with Z); servers emit these in their text content as compact JSON.
import type { DbClient } from './logs/db-client.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'notice' | 'warn' | 'error' | 'fatal' | 'unknown';

// ---- servers/logs ----
export interface LogMatch {
  file: string;
  line: number;
  time: string | null;
  level: LogLevel;
  service: string | null;
  message: string;
  /** Kubernetes container log files: the pod and namespace that wrote the entry. */
  pod?: string;
  namespace?: string;
}
export interface SearchLogsResult {
  total: number;
  returned: number;
  matches: LogMatch[];
}
export interface ErrorSignature {
  id: string;
  template: string;
  level: LogLevel; // the most severe level seen for it
  services: string[];
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  example: string;
  example_source: string; // file:line
  /** Counts per minute over the window: minute start (ISO) and count, only minutes with entries. */
  per_minute: Array<[string, number]>;
  baseline_count: number;
  new: boolean;
  /**
   * The baseline was only sampled where it occurs: a count of 0 there is not proof of absence (`new` then says
   * whether the sample would have caught it).
   */
  baseline_sampled?: boolean;
  /** The example's innermost exception (`Caused by:` last, Python's first traceback), when it reports one. */
  root_cause?: string;
  /** Its exception lines from the outermost to the root cause, when there is more than one. */
  exception_chain?: string[];
  /** Kubernetes pods and namespaces the entries came from. */
  pods?: string[];
  namespaces?: string[];
  /** Of a database's statement: the client its example came from (user, database, application, host). */
  client?: DbClient;
  /** The remote its example's record says it was calling (a client library's `target`, `server.address`). */
  peer?: string;
  /**
   * The logger its example's record was written by (the emitting class or module, `c.a.bff.catalog.CatalogClient`): a
   * client wrapper logs under a name for what it calls, so the peer of a failing call is often there and nowhere else.
   */
  logger?: string;
  /** What its example's upstream answered, when it is a proxy's access-log record that says (nginx's `$upstream_status`). */
  upstream_status?: number;
}
export interface ErrorSignaturesResult {
  window: { from: string | null; to: string | null };
  baseline: { from: string | null; to: string | null } | null;
  entries_scanned: number;
  entries_matched: number;
  signatures: ErrorSignature[];
}
export interface LogStatsBucket {
  start: string;
  total: number;
  by_level: Partial<Record<LogLevel, number>>;
  by_service: Record<string, number>;
}
export interface LogStatsResult {
  bucket_seconds: number;
  buckets: LogStatsBucket[];
}
export interface LogSource {
  file: string;
  format: 'iso' | 'python' | 'syslog' | 'json' | 'logfmt' | 'plain';
  first_time: string | null;
  last_time: string | null;
  lines: number;
  /** Set for a file too large to count in a call: `lines` is estimated from even samples of it. */
  lines_estimated?: boolean;
  bytes: number;
  /** A container runtime's log file: CRI (containerd, CRI-O) or Docker's json-file; `format` is the app's own. */
  runtime_format?: 'cri' | 'docker';
  /** A Kubernetes container log (by the kubelet's file layout): who wrote it; `service` is the pod's workload. */
  kubernetes?: { pod: string; namespace: string; container: string; service: string };
  /** The program whose layout most of its entries are in (`nestjs`, `postgresql`, `uwsgi`, `hclog`...), when known. */
  dialect?: string;
}

// ---- servers/git ----
export interface FileChange {
  path: string;
  added: number | null; // null for binary files
  deleted: number | null;
}
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  time: string; // committer date
  message: string; // subject line
  body: string;
  files: FileChange[];
}
export interface Deployment {
  tag: string;
  time: string; // annotated tag date, else commit date
  sha: string;
  annotation: string | null;
  commits: CommitInfo[]; // added since the previous deployment, newest first
}
export interface ShowCommitResult extends CommitInfo {
  diff: string;
  diff_truncated: boolean;
}

// ---- servers/metrics ----
export interface PromMatrixResult {
  resultType: 'matrix';
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}
/** One metric series of a matrix as the offline engine reads it: the name apart from the labels, times in ms. */
export interface SeriesSamples {
  metric: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}
export interface Anomaly {
  series: string; // name{label="v",...}
  metric: string;
  labels: Record<string, string>;
  time: string; // first sample of the new level
  before: number;
  after: number;
  relative_change: number; // (after-before)/|before|, Infinity avoided: capped at 1e6
  direction: 'up' | 'down';
  score: number; // strength used for ranking, larger is stronger
  kind: 'gauge' | 'rate';
}
export interface ErrorRateSeries {
  service: string;
  points: Array<[string, number]>; // time, 5xx share 0..1
  baseline: number; // median share before the peak
  peak: number;
  peak_time: string | null;
}

// ---- servers/docker ----
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string; // running, exited, restarting, ...
  status: string;
  health: string | null;
  restart_count: number;
  exit_code: number | null;
  oom_killed: boolean;
}
export interface ContainerEvent {
  time: string;
  action: string; // die, oom, restart, start, health_status: unhealthy, ...
  container: string;
  exit_code: number | null;
  detail: string;
}
