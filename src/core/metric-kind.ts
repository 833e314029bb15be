// What a metric measures, read from the words metric names use everywhere (not from any dataset's names): the
// localizer scores series by it, and the metrics source reads the telling gauges first when there are too many to read.

export type MetricKind =
  | 'cpu'
  | 'memory'
  | 'disk'
  | 'handles'
  | 'latency'
  | 'client_latency'
  | 'errors'
  | 'traffic'
  | 'network'
  | 'network_faults'
  | 'restarts'
  | 'other';

/**
 * Disk, filesystem and block I/O (cAdvisor's container_fs_*, node_exporter's node_disk_* and node_filesystem_*).
 * Read first: their names carry `_bytes` (network's word) and `_seconds` (latency's), and blkio's "throttle" (CPU's).
 */
const DISK = /disk|filesystem|(^|_)fs_|volume_stats|blkio|block_?io|(^|_)io_(time|wait)|iops|inode/;
/** Packets dropped, lost or retransmitted, connections reset: trouble on a pod's own network path, not load. */
const NETWORK_FAULT = /retrans|packet_?loss|(packet|pkt)s?_(lost|drop)|((^|_)(net|tcp|udp|ip|icmp|socket|interface|nic)|_rx|_tx|receive|transmit).*(drop|discard|loss|lost|reset|(^|_)rst(_|$))/;
/** Handles a process holds and can run out of: file descriptors, sockets, connections in use, threads. */
const HANDLES = /(^|_)fds?(_|$)|file_?desc|socket|sockstat|thread|goroutine|(^|_)conn(ection)?s?(_|$)|connected|estab|in_?use/;

/** A metric name's kind. */
export function metricKind(name: string): MetricKind {
  const n = name.toLowerCase();
  if (DISK.test(n)) return 'disk';
  if (/cpu|throttl/.test(n)) return 'cpu';
  // A collector's pauses and runs are memory pressure, whatever unit they are counted in.
  if (/mem|rss|heap|oom|(^|_)gc(_|$)|garbage/.test(n)) return 'memory';
  if (/restart/.test(n)) return 'restarts';
  // A histogram's quantile keeps its unit before the _p90 (http_server_request_duration_seconds_p90, *_milliseconds_p99);
  // so does a timer's largest recent duration (Micrometer's http_server_requests_seconds_max) and its mean (Δsum / Δcount,
  // mean-latency.ts): all are latency.
  if (/latency|duration|response_time|_(milli|micro)?seconds(_p\d+|_max|_mean)?$|_ms(_p\d+|_max|_mean)?$|_time$/.test(n)) return /client|outbound|upstream|egress|downstream|call/.test(n) ? 'client_latency' : 'latency';
  if (/error|fail|5xx|exception/.test(n)) return 'errors';
  if (NETWORK_FAULT.test(n)) return 'network_faults';
  if (/network|_bytes|receive|transmit|_rx|_tx/.test(n)) return 'network';
  if (HANDLES.test(n)) return 'handles';
  if (/ops|request|rps|qps|workload|throughput|calls/.test(n)) return 'traffic';
  return 'other';
}

/** Names of headroom (free disk, available memory, idle CPU, remaining quota): less of it is more pressure. */
const HEADROOM = /avail|free|idle|remaining|headroom/;

/**
 * A series whose pressure shows as a fall rather than a rise: a resource's headroom. Only where the name is about a
 * resource; load, latency and failures keep their direction whatever words they carry.
 */
export function pressureFalls(name: string): boolean {
  const kind = metricKind(name);
  return HEADROOM.test(name.toLowerCase()) && (kind === 'cpu' || kind === 'memory' || kind === 'disk' || kind === 'handles' || kind === 'other');
}

/** Resource limits published as series of their own: what makes a usage series a share of its limit. */
const LIMIT_NAME = /limit|quota|_period$/i;
/** A workload's replicas and its autoscaler's (maximum, desired, ScalingLimited): its capacity and the ceiling on it. */
const SCALE_NAME = /replica|autoscal/i;

/**
 * How early a gauge is read when a backend lists more than the engine reads (a real Prometheus lists hundreds):
 * a service's own pressure, latency and failures first, then the limits they are read against and callers' waits,
 * then load and bytes, then the rest. Lower is earlier.
 */
export function gaugeReadOrder(name: string): number {
  const kind = metricKind(name);
  if (kind === 'cpu' || kind === 'memory' || kind === 'disk' || kind === 'handles') return LIMIT_NAME.test(name) ? 2 : 0;
  if (kind === 'latency' || kind === 'errors' || kind === 'restarts' || kind === 'network_faults') return 1;
  if (kind === 'client_latency' || LIMIT_NAME.test(name) || SCALE_NAME.test(name)) return 2;
  if (kind === 'traffic' || kind === 'network') return 3;
  return 4;
}

/** A cache's evictions (memcached's items evicted, Redis's evicted keys): read by the metrics source, and as a climb by rca. */
export const EVICTIONS = /evict/i;
