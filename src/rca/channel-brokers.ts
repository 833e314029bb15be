// Topics and queues are channels on a broker, not systems of their own: an error naming the topic `orders.v1` failed
// on the brokers that host it. Broker metrics label each topic with the broker's address, whose host names the cluster.
import type { EvidenceBundle } from './bundle.js';
import { normalizeService } from './service-names.js';

/** Label keys whose value is a channel on a broker (Kafka topic, AMQP/SQS queue, NATS subject, Redis stream). */
export const CHANNEL_LABEL = /^(topic|queue|queue_name|stream|exchange|subject|channel)$/i;

/**
 * The service a broker's host names in one of its dotted labels: managed brokers are addressed as
 * `b-1.<cluster>.<id>.kafka.<region>.amazonaws.com` or `<node>.<cluster>.svc`, so the cluster is a label, not the first.
 */
export function serviceInHost(host: string, services: ReadonlySet<string>): string | null {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(name)) return null;
  return name.split('.').find((label) => services.has(label)) ?? null;
}

/**
 * Channel name -> the service whose series carry it (its job, its service label, or the service its instance's host
 * names), or null when no series says who hosts it: either way the channel itself is not a dependency to name.
 */
export function channelBrokers(bundle: EvidenceBundle, services: ReadonlySet<string>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const add = (labels: Record<string, string>) => {
    for (const [k, v] of Object.entries(labels)) {
      if (!CHANNEL_LABEL.test(k) || v.length < 2) continue;
      const channel = v.toLowerCase();
      const job = labels.job ? normalizeService(labels.job) : null;
      const owner = (job && services.has(job) ? job : null) ?? (labels.instance ? serviceInHost(labels.instance, services) : null);
      if (!out.get(channel)) out.set(channel, owner);
    }
  };
  for (const a of bundle.anomalies?.data ?? []) add(a.labels);
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) for (const s of c.data) add(s.labels);
  return out;
}
