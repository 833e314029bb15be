// A channel whose every consumer receives many times what its producers publish: the excess entered at the broker (a
// redelivery storm, a replay from an old offset, messages injected into the topic), so the broker is placed above them.
import type { EvidenceBundle } from '../bundle.js';
import { CHANNEL_LABEL, channelBrokers } from '../channel-brokers.js';
import { normalizeService } from '../service-names.js';
import { serviceOfSeries } from './metric-scores.js';
import type { Candidate } from './rank-services.js';
import { counterRate, isCounter } from './series-shape.js';

/**
 * How many times its usual rate a consumer must receive to count as flooded, and the most its producers may have risen
 * meanwhile: a consumer taking in five times its usual while the producers publish at most twice theirs is handed
 * messages that no producer's new traffic explains.
 */
const FLOOD = 5;
const PRODUCED = 2;

/** OpenTelemetry's messaging span names, `{destination} {operation}`, by the side of the channel the span is on. */
const CONSUMED = /^(.+?) (receive|process|deliver)$/i;
const PUBLISHED = /^(.+?) (publish|send|create)$/i;
/** Span kinds of the two sides of a channel. */
const CONSUMER = /^(span_kind_)?consumer$/i;
const PRODUCER = /^(span_kind_)?producer$/i;

export interface FloodedChannel {
  channel: string;
  broker: string;
  consumers: string[];
  /** The least rise among the consumers, and the most among the producers (peak after the onset / mean before). */
  consumed: number;
  produced: number;
}

interface Side {
  channel: string;
  service: string;
  consumer: boolean;
  rise: number;
}

/** Peak rate after the onset against the mean rate before it, of one counter; null without both sides. */
function rise(points: Array<[number, number]>, onset: number): number | null {
  const rate = counterRate(points);
  const before = rate.filter(([t]) => t < onset).map(([, v]) => v);
  const after = rate.filter(([t]) => t >= onset).map(([, v]) => v);
  if (before.length < 3 || !after.length) return null;
  const mean = before.reduce((a, b) => a + b, 0) / before.length;
  return mean > 0 ? Math.max(...after) / mean : null;
}

/** Each service's consumer and producer span counters, by channel: the largest rise of its series for that channel. */
function sides(bundle: EvidenceBundle, onset: number): Side[] {
  const out = new Map<string, Side>();
  for (const c of [...bundle.series, ...bundle.counters]) {
    for (const s of c.data) {
      if (s.labels.le !== undefined || !isCounter(s)) continue;
      const kind = s.labels.span_kind ?? s.labels['span.kind'] ?? '';
      const consumer = CONSUMER.test(kind);
      if (!consumer && !PRODUCER.test(kind)) continue;
      const name = s.labels.span_name ?? s.labels['span.name'] ?? '';
      const channel = (s.labels.messaging_destination_name ?? (consumer ? CONSUMED : PUBLISHED).exec(name)?.[1])?.toLowerCase();
      const service = serviceOfSeries(s.labels);
      const r = rise(s.points, onset);
      if (!channel || !service || r === null) continue;
      const key = `${channel}|${service}|${consumer}`;
      const prev = out.get(key);
      if (!prev || r > prev.rise) out.set(key, { channel, service: normalizeService(service), consumer, rise: r });
    }
  }
  return [...out.values()];
}

/**
 * The broker a channel is on: the service its labelled series name (job, instance: channel-brokers.ts), else the known
 * service an exporter's metric prefix names (kafka_exporter's `kafka_consumergroup_lag{topic=…}`, the RabbitMQ
 * exporter's `rabbitmq_queue_messages{queue=…}`: Prometheus exporters prefix their metrics with the system they export).
 */
function brokerOf(bundle: EvidenceBundle, channel: string, known: ReadonlySet<string>, hosted: Map<string, string | null>): string | null {
  const byLabels = hosted.get(channel);
  if (byLabels) return byLabels;
  for (const c of [...bundle.series, ...bundle.counters]) {
    for (const s of c.data) {
      if (!Object.entries(s.labels).some(([k, v]) => CHANNEL_LABEL.test(k) && v.toLowerCase() === channel)) continue;
      const prefix = s.metric.split('_')[0]!.toLowerCase();
      if (known.has(prefix)) return prefix;
    }
  }
  return null;
}

/**
 * Channels with two or more consuming services, every one of them flooded, while the producers publish about as
 * before: one consumer group receiving more rewound or reset its own offset (its fault), but every group receiving
 * more than was sent has only the broker in common. A surge the producers sent too is load from upstream, not this.
 */
export function floodedChannels(bundle: EvidenceBundle, onset: number, known: ReadonlySet<string>): FloodedChannel[] {
  const all = sides(bundle, onset);
  const hosted = channelBrokers(bundle, known);
  const out: FloodedChannel[] = [];
  for (const channel of new Set(all.map((s) => s.channel))) {
    const consumers = all.filter((s) => s.channel === channel && s.consumer);
    const producers = all.filter((s) => s.channel === channel && !s.consumer);
    if (new Set(consumers.map((s) => s.service)).size < 2 || !producers.length) continue;
    const consumed = Math.min(...consumers.map((s) => s.rise));
    const produced = Math.max(...producers.map((s) => s.rise));
    if (consumed < FLOOD || produced > PRODUCED) continue;
    const broker = brokerOf(bundle, channel, known, hosted);
    if (!broker || consumers.some((s) => s.service === broker)) continue;
    out.push({ channel, broker, consumers: [...new Set(consumers.map((s) => s.service))].sort(), consumed, produced });
  }
  return out;
}

/** Places each flooded channel's broker just above the highest-ranked of its consumers (kept as it is when already above). */
export function withFloodedBroker(ranked: Candidate[], floods: FloodedChannel[]): Candidate[] {
  let out = ranked;
  for (const f of floods) {
    const first = out.findIndex((c) => f.consumers.includes(c.service));
    const at = out.findIndex((c) => c.service === f.broker);
    if (first < 0 || (at >= 0 && at < first)) continue;
    const lead = out[first]!;
    const own = at >= 0 ? out[at]! : null;
    const why = `every consumer of ${f.channel} (${f.consumers.join(', ')}) receives at least ${Math.round(f.consumed)}x its usual rate while its producers publish at most ${f.produced.toFixed(1)}x theirs: the excess enters at ${f.broker}, which all of them read from`;
    const broker: Candidate = {
      service: f.broker,
      score: lead.score,
      category: own?.category ?? 'dependency_failure',
      nature: `the broker of ${f.channel}, whose consumers all receive more than was published`,
      signals: own?.signals.length ? own.signals : lead.signals,
      why,
      explainedBy: null,
    };
    out = [...out.slice(0, first).filter((c) => c.service !== f.broker), broker, ...out.slice(first).filter((c) => c.service !== f.broker)];
  }
  return out;
}
