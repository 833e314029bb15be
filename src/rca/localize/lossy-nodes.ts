// Packet loss at a pod often shows only on its node: node_exporter's TCP retransmits are summed over every pod of the
// node. A service on a node that retransmits more since the onset may be losing packets itself, not only waiting.
import type { EvidenceBundle } from '../bundle.js';
import { nodeOf, POD_LABELS } from '../../core/series-labels.js';
import { serviceOfSeries } from './metric-scores.js';
import { robustScore } from './robust.js';
import { counterRate } from './series-shape.js';
import type { Point } from '../series.js';
import { metricKind } from './signal.js';

/** Labels that name the node a pod's series was scraped on (cAdvisor's `instance` is the kubelet's node). */
const NODE_LABELS = ['node', 'kubernetes_io_hostname', 'instance'];

/**
 * The services with a pod on a node whose network faults (retransmits, drops: node_exporter's netstat and interface
 * counters) rose from the onset on. Node-level series name no service; a pod's own series (cAdvisor's, labelled with
 * the pod and its node) place the service on it. Empty when no node's faults rose.
 */
export function servicesOnLossyNodes(bundle: EvidenceBundle, onset: number): Set<string> {
  const all = [...bundle.series, ...bundle.counters, ...bundle.usageCounters].flatMap((c) => c.data);
  const lossy = new Set<string>();
  for (const s of all) {
    if (metricKind(s.metric) !== 'network_faults' || serviceOfSeries(s.labels) !== null) continue;
    const r = robustScore(asRate(s.points), onset, 0);
    if (r && r.z >= 3) lossy.add(nodeOf(s.labels));
  }
  const out = new Set<string>();
  if (lossy.size === 0) return out;
  for (const s of all) {
    if (!POD_LABELS.some((k) => s.labels[k])) continue;
    const node = NODE_LABELS.map((k) => s.labels[k]).find((v) => v !== undefined)?.replace(/:\d+$/, '');
    const service = node && lossy.has(node) ? serviceOfSeries(s.labels) : null;
    if (service) out.add(service);
  }
  return out;
}

/**
 * A fault counter as a rate: node_exporter publishes netstat's counters without a `_total` suffix (untyped), so one
 * that never falls but for a reset is read as a counter whatever its name; a gauge of current drops stays as it is.
 */
function asRate(points: Point[]): Point[] {
  let drops = 0;
  for (let i = 1; i < points.length; i++) if (points[i]![1] < points[i - 1]![1]) drops++;
  return points.length >= 2 && drops <= 1 ? counterRate(points) : points;
}
