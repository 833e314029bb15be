// The general rules on consumer and broker failures, on evidence bundles built by hand: which change point is the
// onset (a trickle of requests, an earlier log burst, one that died away), scrape targets, broker names.
import { describe, expect, it } from 'vitest';
import { canonicalEntity } from '../../src/rca/entities.js';
import { UPSTREAM_FAILURE } from '../../src/rca/signals.js';
import { analyze, BASE, bundleOf, conditions, counter, MIN, ONSET, samples } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';

describe('consumer and broker failures', () => {
  const brokerDown = signature({
    template: 'Connection to node <*> (events-kafka-2.events-kafka.data.svc.cluster.local/10.0.3.7:9092) could not be established. Broker may not be available.',
    service: 'events-sink',
    base: BASE,
    minutes: span(60, 120, 12),
    level: 'warn',
  });
  const coordinator = signature({ template: 'Offset commit failed on partition clickstream-<*>: The coordinator is not available.', service: 'events-sink', base: BASE, minutes: span(61, 120, 4) });

  it('ignores an error-rate change point over a trickle of requests when the logs show an earlier one', () => {
    const { context, verdict } = analyze(
      bundleOf({
        signatures: [brokerDown, coordinator],
        errorRates: [errorRate('events-sink', BASE, 120, 95, 0, 0.06)],
        counters: [counter('http_requests_total', { code: '200', service: 'events-sink' }, () => 0.2)],
      }),
    );
    expect(context.onset).toBe(BASE + 60 * MIN);
    expect(verdict.best.category).toBe('dependency_failure');
    expect(verdict.best.service).toBe('events-kafka');
  });

  it('keeps the error-rate change point when the traffic is real and it comes first (old behaviour kept)', () => {
    const late = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET + 6, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [late],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + ONSET * MIN);
  });

  it('takes the earlier log change point when the error volume is real', () => {
    const early = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET - 25, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [early],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + (ONSET - 25) * MIN);
  });

  it('does not move the onset to an earlier burst of errors that died away', () => {
    const burst = signature({ template: 'nightly export failed: <*>', service: 'exporter', base: BASE, minutes: span(30, 33, 12) });
    const late = signature({ template: 'charge failed: upstream timed out calling payments-api', service: 'shop', base: BASE, minutes: span(ONSET, 120, 5) });
    const { context } = analyze(
      bundleOf({
        signatures: [burst, late],
        errorRates: [errorRate('shop', BASE, 120, ONSET)],
        counters: [counter('http_requests_total', { code: '200', service: 'shop' }, () => 50)],
      }),
    );
    expect(context.onset).toBe(BASE + ONSET * MIN);
  });

  it('takes a scrape target going down as evidence naming its job', () => {
    const vague = signature({ template: 'consumer disconnected, no leader for partition clickstream-<*>', service: 'events-sink', base: BASE, minutes: span(ONSET, 120, 6) });
    const up = samples('up', { job: 'events-broker', instance: 'events-broker-1:9308' }, (m) => (m >= ONSET - 1 ? 0 : 1));
    const { findings, verdict } = analyze(bundleOf({ signatures: [vague], series: [up] }));
    const dep = conditions(findings, 'dependency')[0];
    expect(dep?.service).toBe('events-broker');
    expect(dep?.evidence.some((e) => e.quote.includes('events-broker'))).toBe(true);
    expect(verdict.best.category).toBe('dependency_failure');
  });

  it('recognises generic failure phrasings', () => {
    for (const t of ['Connection to node 1 could not be established', 'The coordinator is not available', 'consumer disconnected', 'no leader for partition', 'no brokers available']) expect(UPSTREAM_FAILURE.test(t), t).toBe(true);
    expect(UPSTREAM_FAILURE.test('order accepted and queued')).toBe(false);
  });

  it('normalises Kubernetes DNS names and StatefulSet ordinals', () => {
    const none = new Set<string>();
    expect(canonicalEntity('events-kafka-2.events-kafka.data.svc.cluster.local', none)).toBe('events-kafka');
    expect(canonicalEntity('stock-svc.shop.svc.cluster.local:8080', none)).toBe('stock-svc');
    expect(canonicalEntity('stock-svc.shop.svc', none)).toBe('stock-svc');
    expect(canonicalEntity('kafka-1', none, new Set(['kafka']))).toBe('kafka');
    expect(canonicalEntity('kafka-1', none)).toBe('kafka-1');
    expect(canonicalEntity('api.stripe.com', none)).toBe('api.stripe.com');
    expect(canonicalEntity('carrier-api.internal', none)).toBe('carrier-api');
  });
});
