// Caller and callee of a metric series, when its labels name both ends of a call (service meshes, OpenTelemetry span
// and service-graph metrics): such a series measures the callee as its caller sees it, and it is an edge of the call graph.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { podWorkload } from './signal.js';
import { callGraph } from './flow-scores.js';
import { rpcSpanGraph } from './rpc-span-edges.js';

/**
 * Label pairs that name the two ends of a call, most specific first: Istio (source_/destination_ workload, app,
 * canonical service), Linkerd (deployment and dst_deployment on outbound traffic), OpenTelemetry's service graph
 * (client/server) and span metrics (service_name with peer.service or server.address), and plain caller/callee.
 */
const PAIRS: Array<[string, string]> = [
  ['source_workload', 'destination_workload'],
  ['source_canonical_service', 'destination_canonical_service'],
  ['source_app', 'destination_app'],
  ['source_service', 'destination_service_name'],
  ['source_service', 'destination_service'],
  ['deployment', 'dst_deployment'],
  ['client', 'server'],
  ['service_name', 'peer_service'],
  ['service_name', 'server_address'],
  ['service_name', 'net_peer_name'],
  ['caller', 'callee'],
  ['src_service', 'dst_service'],
  ['source', 'destination'],
];
/** Values that stand for "not known" in mesh telemetry (a call from outside the mesh). */
const UNKNOWN = new Set(['', 'unknown', 'none', 'null', '-']);

export interface CallEdge {
  caller: string;
  callee: string;
}

/** The call a series measures, or null when its labels do not name both ends (or both name the same service). */
export function callEdge(labels: Record<string, string>): CallEdge | null {
  for (const [from, to] of PAIRS) {
    const a = labels[from];
    const b = labels[to];
    if (a === undefined || b === undefined || UNKNOWN.has(a.toLowerCase()) || UNKNOWN.has(b.toLowerCase())) continue;
    const caller = name(a);
    const callee = name(b);
    if (caller && callee && caller !== callee) return { caller, callee };
  }
  return null;
}

/** A workload, service or host name as a service: "cart.shop.svc.cluster.local:7070" -> "cart". */
function name(v: string): string {
  const host = v.replace(/:\d+$/, '').split('.')[0]!;
  return normalizeService(podWorkload(host));
}

/** The call graph the metrics' labels show: for each caller, the services it calls. Empty without such labels. */
export function metricCallGraph(bundle: EvidenceBundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of bundle.series) for (const s of c.data) {
    const e = callEdge(s.labels);
    if (e) out.set(e.caller, (out.get(e.caller) ?? new Set()).add(e.callee));
  }
  return out;
}

/** Two call graphs as one (request flows from logs and edges from metric labels see different parts of it). */
export function mergeCallGraphs(...graphs: Array<Map<string, Set<string>>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const g of graphs) for (const [k, v] of g) out.set(k, new Set([...(out.get(k) ?? []), ...v]));
  return out;
}

/** Who calls whom as the data shows it: request flows in the logs, caller/callee labels and gRPC span names, merged. */
export function dataCallGraph(bundle: EvidenceBundle): Map<string, Set<string>> {
  return mergeCallGraphs(callGraph(bundle), metricCallGraph(bundle), rpcSpanGraph(bundle));
}
