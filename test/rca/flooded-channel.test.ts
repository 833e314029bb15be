// Every consumer of one channel handed many times what its producers publish: the broker they share is placed above
// them. One consumer flooded alone (its own offset reset), or a surge the producers sent too, is not the broker's.
import { describe, expect, it } from 'vitest';
import { floodedChannels, withFloodedBroker } from '../../src/rca/localize/flooded-channel.js';
import type { Candidate } from '../../src/rca/localize/rank-services.js';
import { BASE, bundleOf, counter, MIN, ONSET } from './general-rules-kit.js';

const KNOWN = new Set(['checkout', 'accounting', 'fraud-detection', 'kafka']);
const T_ONSET = BASE + ONSET * MIN;

// OpenTelemetry span metrics of a Kafka topic's two sides, as the collector's spanmetrics connector names them.
const span = (service: string, kind: 'PRODUCER' | 'CONSUMER', name: string, rate: (m: number) => number) =>
  counter('traces_span_metrics_calls_total', { service_name: service, span_kind: `SPAN_KIND_${kind}`, span_name: name, status_code: 'STATUS_CODE_UNSET' }, rate);
// The broker's exporter labels the topic but names no job: its metric prefix names the broker.
const lag = counter('kafka_consumer_group_lag', { group: 'fraud-detection', topic: 'orders', partition: '0' }, () => 0);
const surge = (m: number) => (m >= ONSET + 3 ? 160 : 1.6);
const steady = () => 1.6;

describe('floodedChannels', () => {
  it("names the broker of a topic whose every consumer receives far more than its producer publishes", () => {
    const b = bundleOf({ series: [span('checkout', 'PRODUCER', 'orders publish', steady), span('accounting', 'CONSUMER', 'orders receive', surge), span('fraud-detection', 'CONSUMER', 'orders process', (m) => (m >= ONSET + 3 ? 20 : 1.6))], counters: [lag] });
    const f = floodedChannels(b, T_ONSET, KNOWN);
    expect(f.map((x) => [x.channel, x.broker, x.consumers])).toEqual([['orders', 'kafka', ['accounting', 'fraud-detection']]]);
  });

  it('names nothing when one consumer alone is flooded, or when the producer published the surge too', () => {
    const one = bundleOf({ series: [span('checkout', 'PRODUCER', 'orders publish', steady), span('accounting', 'CONSUMER', 'orders receive', surge), span('fraud-detection', 'CONSUMER', 'orders process', steady)], counters: [lag] });
    expect(floodedChannels(one, T_ONSET, KNOWN)).toEqual([]);
    const sent = bundleOf({ series: [span('checkout', 'PRODUCER', 'orders publish', surge), span('accounting', 'CONSUMER', 'orders receive', surge), span('fraud-detection', 'CONSUMER', 'orders process', surge)], counters: [lag] });
    expect(floodedChannels(sent, T_ONSET, KNOWN)).toEqual([]);
  });
});

describe('withFloodedBroker', () => {
  const cand = (service: string, score: number): Candidate => ({ service, score, category: 'dependency_failure', nature: 'latency', signals: [], why: '' });
  const flood = { channel: 'orders', broker: 'kafka', consumers: ['accounting', 'fraud-detection'], consumed: 12, produced: 1.1 };

  it('places the broker just above the first of its consumers', () => {
    const out = withFloodedBroker([cand('accounting', 17), cand('fraud-detection', 5), cand('kafka', 1.6)], [flood]);
    expect(out.map((c) => c.service)).toEqual(['kafka', 'accounting', 'fraud-detection']);
    expect(out[0]!.why).toContain('every consumer of orders');
  });

  it('leaves a ranking without a flooded channel as it is', () => {
    const ranked = [cand('accounting', 17), cand('fraud-detection', 5), cand('kafka', 1.6)];
    expect(withFloodedBroker(ranked, [])).toEqual(ranked);
  });
});
