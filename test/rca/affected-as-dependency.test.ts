// Holdout 325: the service the incident is about (inventory-api, its 503s) is what a caller's timeouts name. It was
// left out of what those errors name as its own "self", so no dependency was seen and the caller's change was blamed.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, ONSET } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';

describe("another service's errors naming the affected service", () => {
  const caller = signature({
    template: 'availability check failed sku=<*> err="GET http:<*>: context deadline exceeded"',
    example: 'availability check failed sku=SKU-20417 err="GET http://inventory-api:8080/api/stock: context deadline exceeded (Client.Timeout exceeded while awaiting headers)"',
    service: 'cart-api',
    base: BASE,
    minutes: span(ONSET, 120, 18),
  });

  it('name it as the dependency the caller fails on', () => {
    // The affected service is inventory-api: its error rate is the one that rose.
    const { findings, context } = analyze(bundleOf({ signatures: [caller], errorRates: [errorRate('inventory-api', BASE, 120, ONSET)] }));
    expect(context.affectedService).toBe('inventory-api');
    expect(conditions(findings, 'dependency').map((f) => f.service)).toEqual(['inventory-api']);
  });

  it("but a service's own errors naming itself name no dependency", () => {
    const own = signature({ template: 'GET http://inventory-api:8080/api/stock timed out in the handler', service: 'inventory-api', base: BASE, minutes: span(ONSET, 120, 18) });
    const { findings } = analyze(bundleOf({ signatures: [own], errorRates: [errorRate('inventory-api', BASE, 120, ONSET)] }));
    expect(conditions(findings, 'dependency')).toEqual([]);
  });
});
