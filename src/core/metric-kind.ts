// What a metric measures, read from the words metric names use everywhere (not from any dataset's names): the
// localizer scores series by it, and the metrics source reads the telling gauges first when there are too many to read.

export type MetricKind = 'cpu' | 'memory' | 'latency' | 'client_latency' | 'errors' | 'traffic' | 'network' | 'restarts' | 'other';

/** A metric name's kind. */
export function metricKind(name: string): MetricKind {
  const n = name.toLowerCase();
  if (/cpu|throttl/.test(n)) return 'cpu';
  if (/mem|rss|heap|oom/.test(n)) return 'memory';
  if (/restart/.test(n)) return 'restarts';
  // A histogram's quantile keeps its unit before the _p90 (http_server_request_duration_seconds_p90, *_milliseconds_p99).
  if (/latency|duration|response_time|_(milli|micro)?seconds(_p\d+)?$|_ms(_p\d+)?$|_time$/.test(n)) return /client|outbound|upstream|egress|downstream|call/.test(n) ? 'client_latency' : 'latency';
  if (/error|fail|5xx|exception/.test(n)) return 'errors';
  if (/network|_bytes|receive|transmit|_rx|_tx/.test(n)) return 'network';
  if (/ops|request|rps|qps|workload|throughput|calls/.test(n)) return 'traffic';
  return 'other';
}

/** Resource limits published as series of their own: what makes a usage series a share of its limit. */
const LIMIT_NAME = /limit|quota|_period$/i;

/**
 * How early a gauge is read when a backend lists more than the engine reads (a real Prometheus lists hundreds):
 * a service's own pressure, latency and failures first, then the limits they are read against and callers' waits,
 * then load and bytes, then the rest. Lower is earlier.
 */
export function gaugeReadOrder(name: string): number {
  const kind = metricKind(name);
  if (kind === 'cpu' || kind === 'memory') return LIMIT_NAME.test(name) ? 2 : 0;
  if (kind === 'latency' || kind === 'errors' || kind === 'restarts') return 1;
  if (kind === 'client_latency' || LIMIT_NAME.test(name)) return 2;
  if (kind === 'traffic' || kind === 'network') return 3;
  return 4;
}
