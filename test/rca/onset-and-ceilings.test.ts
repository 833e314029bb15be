// Two defects seen on real captures: an onset sharpened back to the logs' first line (errors running from the first
// minute look like a burst when the minutes before the logs count as quiet), and a CPU gauge that doubled at a few
// percent of its limit reported as "a resource limit was hit".
import { describe, expect, it } from 'vitest';
import { deriveContext } from '../../src/rca/context.js';
import { relatedSignatures } from '../../src/rca/related-signatures.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, iso, minuteSeries, signature, span } from './helpers.js';

const BASE = Date.parse('2023-01-29T08:26:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
/** The logs begin at minute 24 (08:50); the engineer says 08:52 (minute 26). */
const LOGS_FROM = 24;
const STATED = 26;
const INCIDENT = 'shop: latency up on the frontend since about 08:52 UTC';

const stats = Array.from({ length: 30 - LOGS_FROM }, (_, k) => ({
  start: iso(BASE + (LOGS_FROM + k) * MIN),
  total: 300,
  by_level: { info: 280, error: 20 },
  by_service: { contacts: 100, orders: 200 },
}));

describe('the onset when the logs begin shortly before the incident', () => {
  it('is the stated start when the errors run at one rate from the logs\' first minute on', () => {
    const chronic = signature({ template: 'no contacts for id <*>', service: 'contacts', base: BASE, minutes: span(LOGS_FROM, 30, 4) });
    const ctx = deriveContext(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [chronic] }));
    expect(ctx.onset).toBe(BASE + STATED * MIN);
    expect(ctx.onsetBasis.filter((b) => b.source === 'logs')).toEqual([]);
  });

  it('is still sharpened to the first entry of errors that burst after the logs began', () => {
    const chronic = signature({ template: 'no contacts for id <*>', service: 'contacts', base: BASE, minutes: span(LOGS_FROM, 30, 4) });
    // A new error from 08:51 (minute 25), a minute before the stated start: the incident began before anyone noticed.
    const burst = signature({ template: 'order <*> rejected: price missing', service: 'orders', base: BASE, minutes: span(25, 30, 30) });
    burst.first_seen = iso(BASE + 25 * MIN + 17_000);
    const ctx = deriveContext(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [chronic, burst] }));
    expect(ctx.onset).toBe(BASE + 25 * MIN + 17_000);
    expect(ctx.onsetBasis.some((b) => b.source === 'logs' && /price missing/.test(b.what))).toBe(true);
  });
});

describe('an error burst before the stated start', () => {
  /** The front end's error share: 0.5 % except where `high(m)` says otherwise. */
  const rates = (high: (m: number) => number | null) => {
    const points: Array<[string, number]> = [];
    for (let m = 0; m <= 30; m++) points.push([iso(BASE + m * MIN), high(m) ?? 0.005]);
    const peak = Math.max(...points.map(([, v]) => v));
    return [{ service: 'frontend', points, baseline: 0.005, peak, peak_time: points.find(([, v]) => v === peak)![0] }];
  };
  // A 46 % burst from minute 8 to 10 that ended, then the incident's own rise to 6 % at minute 27 (08:53).
  const earlier = (m: number) => (m >= 8 && m <= 10 ? 0.46 : m >= 27 ? 0.06 : null);

  it('that ended before it is another event: the onset and the rise reported are the incident\'s own', () => {
    const ctx = deriveContext(handBundle(INCIDENT, WINDOW, { errorRates: rates(earlier) }));
    // The rise a minute after the stated start saw its effects: the stated start stands.
    expect(ctx.onset).toBe(BASE + STATED * MIN);
    expect(ctx.rate?.peak).toBe(0.06);
    expect(ctx.onsetBasis[0]!.what).toBe('error rate of frontend rose from 0.5% to 6.0%');
  });

  it('that kept up until it is where the incident began, before anyone noticed', () => {
    const ctx = deriveContext(handBundle(INCIDENT, WINDOW, { errorRates: rates((m) => (m >= 20 ? 0.46 : null)) }));
    expect(ctx.onset).toBe(BASE + 20 * MIN);
    expect(ctx.rate?.peak).toBe(0.46);
  });

  it('is read as the start when the text states none', () => {
    const ctx = deriveContext(handBundle('shop: checkout fails', WINDOW, { errorRates: rates(earlier) }));
    expect(ctx.onset).toBe(BASE + 8 * MIN);
  });

  it('in the error logs that ended before it is not where the incident began either', () => {
    const burst = signature({ template: 'cache <*> evicted', service: 'orders', base: BASE, minutes: span(6, 9, 40) });
    const own = signature({ template: 'order <*> rejected: price missing', service: 'orders', base: BASE, minutes: span(27, 30, 30) });
    const ctx = deriveContext(handBundle(INCIDENT, WINDOW, { signatures: [burst, own] }));
    expect(ctx.onset).toBe(BASE + STATED * MIN);
  });
});

describe('a "new" error signature', () => {
  // As the logs server reports a signature when it was given no baseline to judge novelty against.
  const sig = () => ({ ...signature({ template: 'payment <*> declined', service: 'orders', base: BASE, minutes: span(STATED, 30, 5) }), new: false });
  it('needs logs from before the onset to be new against', () => {
    const onset = BASE + STATED * MIN;
    // The logs begin in the onset's minute: there is no past, so the signature is related (it surged) but not new.
    const without = relatedSignatures(handBundle(INCIDENT, WINDOW, { signatures: [sig()] }), onset, onset, WINDOW.to);
    expect(without.map((r) => r.isNew)).toEqual([false]);
    const withPast = relatedSignatures(handBundle(INCIDENT, WINDOW, { signatures: [sig()] }), onset, BASE + LOGS_FROM * MIN, WINDOW.to);
    expect(withPast.map((r) => r.isNew)).toEqual([true]);
  });
});

describe('a resource limit', () => {
  const cpu = (after: number) =>
    ['contacts', 'orders', 'auth'].map((svc, i) =>
      minuteSeries('pod_cpu_usage_percent', { service: svc, pod: `${svc}-6f94c49ccd-4rdb2` }, BASE, 30, (m) =>
        (svc === 'contacts' && m >= STATED ? after : 2 + i) * (1 + 0.03 * Math.sin(m * 1.3 + i)),
      ),
    );
  const saturation = (after: number) => {
    const r = runAnalyzers(handBundle(INCIDENT, WINDOW, { logStats: stats, series: cpu(after) }), ANALYZERS, () => {});
    expect(r.failed).toEqual([]);
    return r.findings.flatMap((f) => (f.kind === 'condition' && f.condition === 'saturation' ? [f] : []));
  };

  it('is not hit by a CPU share that doubled to a few percent of its limit', () => {
    expect(saturation(4.2)).toEqual([]);
  });

  it('is hit by a CPU share that jumped to near its limit and stays there', () => {
    const found = saturation(96);
    expect(found).toHaveLength(1);
    expect(found[0]!.service).toBe('contacts');
  });
});
