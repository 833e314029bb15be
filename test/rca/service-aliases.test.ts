// Logs that name a service a little differently from its metrics (`payment-server`, `paymentservice` beside `payment`):
// the engine reads them as the one metric service with that stem, so the service's evidence is ranked as one.
import { describe, expect, it } from 'vitest';
import { serviceAliases, serviceStem } from '../../src/rca/localize/service-aliases.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, iso, minuteSeries, signature, span } from './helpers.js';

describe('service stems and aliases', () => {
  it('drops words that only say "service", separate or glued, and keeps role words', () => {
    expect(serviceStem('payment-server')).toBe('payment');
    expect(serviceStem('PaymentService')).toBe('payment');
    expect(serviceStem('ts-travel-service-server')).toBe('ts-travel');
    expect(serviceStem('orders_api')).toBe('orders');
    expect(serviceStem('frontend-proxy')).toBe('frontend-proxy');
    expect(serviceStem('orders-db')).toBe('orders-db');
  });

  it('maps a name to the only metric service with its stem, and leaves known, unmatched and ambiguous names alone', () => {
    const aliases = serviceAliases(['payment', 'ts-travel-service', 'ts-travel2-service', 'orders', 'orders-api', 'frontend'], [
      'payment-server',
      'paymentservice',
      'ts-travel-service-server',
      'orders-server',
      'frontend-proxy',
      'payment',
    ]);
    expect(Object.fromEntries(aliases)).toEqual({ 'payment-server': 'payment', paymentservice: 'payment', 'ts-travel-service-server': 'ts-travel-service' });
  });
});

describe('localization with logs and metrics that name a service differently', () => {
  const BASE = Date.parse('2026-03-02T11:00:00Z');
  const MIN = 60_000;
  const ONSET = 20;
  const SERVICES = ['frontend', 'checkout', 'payment', 'shipping'];
  const series = SERVICES.flatMap((svc, i) => {
    const labels = { service: svc, pod: `${svc}-5f55b6cf68-77cfw` };
    const wobble = (m: number) => 1 + 0.04 * Math.sin(m * 1.7 + i);
    // Shipping's own latency rises a little more than payment's: on its metrics alone shipping would lead.
    const rise = svc === 'shipping' ? 3 : svc === 'payment' ? 2.5 : 1;
    return [
      minuteSeries('pod_cpu_usage_percent', labels, BASE, 30, (m) => (8 + i) * wobble(m)),
      minuteSeries('pod_server_latency_p90_seconds', labels, BASE, 30, (m) => (m >= ONSET ? rise : 1) * (0.05 + 0.01 * i) * wobble(m)),
    ];
  });
  // The logs come from pino-style records whose `name` is `<service>-server`.
  const logNames = SERVICES.map((s) => `${s}-server`);
  const logStats = Array.from({ length: 31 }, (_, m) => ({ start: iso(BASE + m * MIN), total: 40, by_level: { info: 40 }, by_service: Object.fromEntries(logNames.map((s) => [s, 10])) }));

  it('ranks the service whose metrics and new errors both moved first, under its metrics\' name', () => {
    const b = handBundle('shop: checkout errors since about 11:20 UTC', { from: BASE, to: BASE + 30 * MIN }, {
      series,
      logStats,
      signatures: [signature({ template: 'charge declined: card processor returned <*>', service: 'payment-server', base: BASE, minutes: span(ONSET, 30, 3) })],
    });
    const r = runAnalyzers(b, ANALYZERS, () => {});
    expect(r.failed).toEqual([]);
    const verdict = rank(r.findings, r.context);
    const ranked = [verdict.best, ...verdict.others].map((h) => h.service);
    expect(ranked[0]).toBe('payment');
    expect(ranked).not.toContain('payment-server');
    expect(verdict.best.summary).toMatch(/error entries in payment/);
  });
});
