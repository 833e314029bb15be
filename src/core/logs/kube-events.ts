// Kubernetes events as JSON lines (`kubectl get events -o json | jq -c '.items[]'`, an event exporter's output): the
// time is lastTimestamp (or eventTime), the level Normal or Warning, the service the workload of the object involved.
import type { ParsedHead } from './parsed-head.js';
import { workloadOf } from './kubernetes.js';
import { parseAnyTime } from './timestamps.js';

const REPLICA_SET = /^(.+)-[a-z0-9]{6,10}$/;

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
  // A ReplicaSet is its Deployment's name and the pod template's hash (`checkout-85f6c7d49`).
  const service = name === null ? null : involved.kind === 'Pod' ? workloadOf(name) : involved.kind === 'ReplicaSet' ? (REPLICA_SET.exec(name)?.[1] ?? workloadOf(name)) : name;
  return { time, level: type === 'Warning' ? 'warn' : 'info', service, message: `${obj.reason}: ${text}`, fields: obj, dialect: 'kubernetes-event' };
}
