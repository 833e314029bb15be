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
  it('is not its own failing dependency when a caller\'s timeouts name it', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: [h12, r14], errorRates: [errorRate('web', BASE, 120, ONSET)] }));
    expect(conditions(findings, 'dependency').map((f) => f.service)).not.toContain('web');
    expect(verdict.best.summary).not.toMatch(/web fails because its dependency web\b/);
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
