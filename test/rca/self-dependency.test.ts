// A service is never named a failing dependency of itself: a router timing out on the app's own dynos says the app
// fails, not that it waits on something. And a platform's "Memory quota exceeded" (Heroku's R14) is memory run out.
import { describe, expect, it } from 'vitest';
import { OOM } from '../../src/rca/signals.js';
import { analyze, BASE, bundleOf, conditions, ONSET } from './general-rules-kit.js';
import { errorRate, signature, span } from './helpers.js';

const h12 = signature({
  template: 'at=error code=H12 desc="Request timeout" method=GET path="/books/<*>" host=<*> request_id=<*> dyno=web.1 connect=<*> service=30000ms status=503',
  service: 'router',
  base: BASE,
  minutes: span(ONSET, 120, 6),
});
const r14 = signature({ template: 'Error R14 (Memory quota exceeded)', service: 'web', base: BASE, minutes: span(ONSET - 5, 120, 3) });

describe('the service the incident is about', () => {
  it('is named as what its callers wait on, never as its own dependency', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: [h12, r14], errorRates: [errorRate('web', BASE, 120, ONSET)] }));
    const dependency = conditions(findings, 'dependency');
    expect(dependency.map((f) => f.service)).toEqual(['web']);
    expect(dependency[0]!.summary).toMatch(/^router fails calling web because web is failing/);
    for (const f of [...findings, verdict.best]) expect(f.summary).not.toMatch(/web fails because its dependency web\b/);
  });
});

describe('a memory quota exceeded', () => {
  it('is memory run out, in the service that logged it', () => {
    expect(OOM.test('Error R14 (Memory quota exceeded)')).toBe(true);
    expect(OOM.test('Memory limit of 512 MB exceeded')).toBe(true);
    expect(OOM.test('Disk quota exceeded')).toBe(false);
    const { findings } = analyze(bundleOf({ signatures: [h12, r14], errorRates: [errorRate('web', BASE, 120, ONSET)] }));
    expect(conditions(findings, 'oom').map((f) => f.service)).toEqual(['web']);
  });
});
