// Kubernetes events as JSON lines (`kubectl get events -o json | jq -c '.items[]'`, an event exporter's output): the
// time is lastTimestamp (or eventTime), the level Normal or Warning, the service the workload of the object involved.
import type { ParsedHead } from './parsed-head.js';
import { workloadOf } from './kubernetes.js';
import { parseAnyTime } from './timestamps.js';

/** The head of a Kubernetes Event, or null when `obj` is not one (no involvedObject, reason and Normal/Warning type). */
export function kubeEvent(obj: Record<string, unknown>): ParsedHead | null {
  const involved = (obj.involvedObject ?? obj.regarding) as { kind?: unknown; name?: unknown; namespace?: unknown } | undefined;
  const type = obj.type;
  if (!involved || typeof involved !== 'object' || typeof obj.reason !== 'string' || (type !== 'Normal' && type !== 'Warning')) return null;
  const metadata = obj.metadata as { creationTimestamp?: unknown } | undefined;
  // events.k8s.io/v1 says `note` and `regarding`; core/v1 `message` and `involvedObject`.
  const text = typeof obj.message === 'string' ? obj.message : typeof obj.note === 'string' ? obj.note : '';
  const time = parseAnyTime(obj.lastTimestamp) ?? parseAnyTime(obj.eventTime) ?? parseAnyTime(obj.firstTimestamp) ?? parseAnyTime(metadata?.creationTimestamp);
  const name = typeof involved.name === 'string' ? involved.name : null;
  // A pod's or ReplicaSet's name carries generated suffixes; a Deployment's or node's name is the name.
  const service = name === null ? null : involved.kind === 'Pod' || involved.kind === 'ReplicaSet' ? workloadOf(name) : name;
  return { time, level: type === 'Warning' ? 'warn' : 'info', service, message: `${obj.reason}: ${text}`, fields: obj };
}
