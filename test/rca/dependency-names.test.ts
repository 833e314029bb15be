// Words an error or a metric label carries that are no system to blame: a transport protocol ("read udp ..."), a
// call's status code (grpc_code="Unavailable") and a topic, which stands for the brokers that host it.
import { describe, expect, it } from 'vitest';
import { channelBrokers, serviceInHost } from '../../src/rca/channel-brokers.js';
import { mentionedEntities } from '../../src/rca/entities.js';
import { failedResolver } from '../../src/rca/resolver-failures.js';
import { analyze, anomaly, BASE, bundleOf, conditions, counter, ONSET, samples } from './general-rules-kit.js';
import { signature, span } from './helpers.js';

const GO_DNS_TIMEOUT = 'lookup api.segment.io on 10.96.0.10:53: read udp 10.0.3.7:41234->10.96.0.10:53: i/o timeout';

describe('names that are no dependency', () => {
  it('a transport protocol beside an address is how a system was reached, not a system', () => {
    const names = mentionedEntities(GO_DNS_TIMEOUT, ['udp', 'tcp'], ['checkout-api']).map((m) => m.name);
    expect(names).not.toContain('udp');
    expect(mentionedEntities('dial tcp 10.0.0.9:5432: connect: connection refused', ['tcp'], []).map((m) => m.name)).toEqual([]);
    // A real name next to it is still found.
    expect(mentionedEntities('dial tcp: lookup payments-db on 10.96.0.10:53: no such host', ['tcp'], []).map((m) => m.name)).toEqual(['payments-db']);
  });

  it("a gRPC status code label (grpc_code=\"Unavailable\") does not become the failing dependency's name", () => {
    const failed = signature({
      template: 'reserve stock failed: rpc error: code = Unavailable desc = connection error: desc = "error reading from server: EOF"',
      service: 'cart-api',
      base: BASE,
      minutes: span(ONSET, 120, 20),
    });
    const labels = { grpc_method: 'ReserveStock', grpc_service: 'inventory.v1.Inventory', grpc_type: 'unary' };
    const { findings } = analyze(
      bundleOf({
        signatures: [failed],
        counters: [counter('grpc_client_handled_total', { ...labels, grpc_code: 'OK' }, () => 40)],
        anomalies: [anomaly('grpc_client_handled_total', { ...labels, grpc_code: 'Unavailable' }, ONSET, 0, 8)],
      }),
    );
    const named = conditions(findings, 'dependency').map((f) => f.service);
    expect(named).not.toContain('unavailable');
  });

  it("a broker's host names its cluster in a label after the broker's own", () => {
    const services = new Set(['orders-svc', 'orders-msk']);
    expect(serviceInHost('b-2.orders-msk.q7x2ka.c4.kafka.eu-west-1.amazonaws.com:9094', services)).toBe('orders-msk');
    expect(serviceInHost('10.0.4.12:9092', services)).toBeNull();
    expect(serviceInHost('api.segment.io', services)).toBeNull();
  });

  const brokerInstance = (n: number) => `b-${n}.orders-msk.q7x2ka.c4.kafka.eu-west-1.amazonaws.com:11001`;
  const topicRate = (topic: string, n: number) => samples('kafka_server_BrokerTopicMetrics_OneMinuteRate', { name: 'MessagesInPerSec', topic, instance: brokerInstance(n) }, () => 900);

  it('maps a topic to the service its brokers belong to, and to nothing when no series says who hosts it', () => {
    const services = new Set(['orders-svc', 'orders-msk']);
    const b = bundleOf({ series: [topicRate('orders.v1', 1), samples('queue_depth', { queue: 'emails' }, () => 3)] });
    const map = channelBrokers(b, services);
    expect(map.get('orders.v1')).toBe('orders-msk');
    expect(map.get('emails')).toBeNull();
  });

  it('a producer failing to send to a topic names the brokers, not the topic', () => {
    const send = signature({
      template: "Exception thrown when sending a message with key='<*>' and payload='<*>' to topic orders.v1: TimeoutException: Expiring <*> record(s) for orders.v1-<*>: <*> ms has passed since batch creation",
      service: 'orders-svc',
      base: BASE,
      minutes: span(ONSET, 120, 15),
    });
    const brokerLog = signature({ template: '[GroupCoordinator <*>]: Member <*> in group shipping has left', service: 'orders-msk', base: BASE, minutes: span(10, 120, 1), level: 'info' });
    const { findings } = analyze(bundleOf({ signatures: [send, brokerLog], series: [topicRate('orders.v1', 1), topicRate('orders.v1', 2)] }));
    const dep = conditions(findings, 'dependency')[0];
    expect(dep?.service).toBe('orders-msk');
  });

  it('a lookup that timed out at port 53 is a failure of the DNS server, not of the name looked up', () => {
    const services = ['checkout-api', 'cart-api', 'coredns'];
    const lookup = 'Post "http://cart-api.shop.svc.cluster.local:8080/v1/carts/lock": dial tcp: lookup cart-api.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.244.2.19:58334->10.96.0.10:53: i/o timeout';
    expect(failedResolver(lookup, services)).toBe('coredns');
    expect(failedResolver('plugin/errors: 2 sqs.eu-west-1.amazonaws.com. A: read udp 10.244.0.6:56263->10.0.0.2:53: i/o timeout', services)).toBe('coredns');
    expect(failedResolver(lookup, ['checkout-api'])).toBe('dns');
    // The resolver answered that the name does not exist: no DNS failure. A timeout on another port is no lookup.
    expect(failedResolver('dial tcp: lookup cart-api on 10.96.0.10:53: no such host', services)).toBeNull();
    expect(failedResolver('read tcp 10.0.0.5:41234->10.0.0.9:5432: i/o timeout', services)).toBeNull();

    const sig = signature({ template: 'checkout failed: <*>', example: lookup, service: 'checkout-api', base: BASE, minutes: span(ONSET, 120, 12) });
    const dnsLog = signature({ template: '[INFO] <*> "A IN <*> udp <*> false 512" NOERROR', service: 'coredns', base: BASE, minutes: span(5, 120, 2), level: 'info' });
    const { findings } = analyze(bundleOf({ signatures: [sig, dnsLog] }));
    expect(conditions(findings, 'dependency')[0]?.service).toBe('coredns');
  });
});
