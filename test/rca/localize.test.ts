// Root-cause localization on hand-built multi-service evidence: the culprit above its victims, the incident's
// stated start and service used, the category from the evidence, and the defects of issue 10 (timeouts, memory, onsets).
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { readIncidentText, statedStart, withStatedStart } from '../../src/rca/localize/incident-text.js';
import { namedServices } from '../../src/rca/localize/named-services.js';
import { rarity } from '../../src/rca/localize/rank-services.js';
import { freshAfter, robustScore, stepsPerSample, strength, sustainedPeak, zText } from '../../src/rca/localize/robust.js';
import { deriveContext } from '../../src/rca/context.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, iso, minuteSeries, signature, span } from './helpers.js';

const BASE = Date.parse('2026-03-02T11:00:00Z');
const MIN = 60_000;
const ONSET = 20; // 11:20
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'shipping', 'email', 'currency'];

function analyze(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  return { ...r, verdict: rank(r.findings, r.context) };
}

const conditions = (fs: Finding[], c: string) => fs.filter((f) => f.kind === 'condition' && f.condition === c);
/** A little noise so baselines have a spread, the same for every run. */
const wobble = (m: number, i: number) => 1 + 0.04 * Math.sin(m * 1.7 + i);

/** Every service's CPU, served latency and calls' latency; `change` overrides some of them from the onset on. */
function system(change: Record<string, Partial<Record<'cpu' | 'server' | 'client', number>>>) {
  return SERVICES.flatMap((svc, i) => {
    const pod = { service: svc, pod: `${svc}-5f55b6cf68-77cfw` };
    const after = (m: number, key: 'cpu' | 'server' | 'client', usual: number) => (m >= ONSET && change[svc]?.[key] !== undefined ? change[svc]![key]! : usual) * wobble(m, i);
    return [
      minuteSeries('pod_cpu_usage_percent', pod, BASE, 30, (m) => after(m, 'cpu', 8 + i)),
      minuteSeries('pod_server_latency_p90_seconds', pod, BASE, 30, (m) => after(m, 'server', 0.05 + 0.01 * i)),
      minuteSeries('pod_client_latency_p90_seconds', pod, BASE, 30, (m) => after(m, 'client', 0.04 + 0.01 * i)),
    ];
  });
}

describe('localization across services', () => {
  it('ranks the CPU-starved service first, above the callers and the front end whose latency only followed', () => {
    const b = handBundle('shop: latency up on the frontend: p90 2.1s (usually 0.3s) since about 11:20 UTC', WINDOW, {
      series: system({ cart: { cpu: 96, server: 1.8 }, checkout: { server: 2, client: 1.9 }, frontend: { server: 2.1, client: 2 } }),
    });
    const { verdict } = analyze(b);
    expect(verdict.best.service).toBe('cart');
    expect(verdict.best.category).toBe('resource_exhaustion');
    // Every report ranks candidates: the victims follow, below the culprit.
    const ranked = [verdict.best, ...verdict.others].map((h) => h.service);
    expect(ranked.slice(0, 3)).toContain('checkout');
    expect(verdict.others.length).toBeGreaterThanOrEqual(2);
    expect(verdict.best.summary).toContain('pod_cpu_usage_percent');
  });

  it('reads latency with no resource pressure as a network or dependency problem of the deepest slow service', () => {
    const b = handBundle('shop: latency up on the frontend since about 11:20 UTC', WINDOW, {
      series: system({ shipping: { server: 1.5 }, frontend: { server: 1.6, client: 1.5 } }),
    });
    const { verdict } = analyze(b);
    expect(verdict.best.service).toBe('shipping');
    expect(verdict.best.category).toBe('dependency_failure');
  });

  const stats = Array.from({ length: 31 }, (_, m) => ({
    start: iso(BASE + m * MIN),
    total: 70,
    by_level: { info: 70 },
    by_service: Object.fromEntries(SERVICES.map((s) => [s, 10])),
  }));
  // A background error that was there all along is no evidence of anything.
  const background = signature({ template: 'food list is empty', service: 'email', base: BASE, minutes: span(0, 30, 1) });

  it('calls new errors in one service with no resource pressure an application error of that service', () => {
    const b = handBundle('shop: checkout errors since about 11:20 UTC', WINDOW, {
      logStats: stats,
      signatures: [signature({ template: 'no contact record for id <*>', service: 'payment', base: BASE, minutes: span(ONSET, 30, 3) }), background],
      series: system({}),
    });
    const { verdict } = analyze(b);
    expect(verdict.best.service).toBe('payment');
    expect(verdict.best.category).toBe('unknown');
    expect(verdict.best.summary).toContain('application error');
    expect([verdict.best, ...verdict.others].map((h) => h.service)).not.toContain('email');
  });

  it('credits the service that a caller\'s new errors name over the caller', () => {
    const b = handBundle('shop: checkout errors since about 11:20 UTC', WINDOW, {
      logStats: stats,
      signatures: [signature({ template: 'GET http://currency:7000/convert: <*>', service: 'checkout', base: BASE, minutes: span(ONSET, 30, 3) }), background],
      series: system({}),
    });
    const { findings } = analyze(b);
    const ranked = findings.filter((f) => f.kind === 'condition' && f.condition === 'anomaly') as Array<Extract<Finding, { kind: 'condition' }>>;
    expect(ranked[0]?.service).toBe('currency');
    expect(ranked.map((f) => f.service)).toContain('checkout');
  });
});

describe('the defects of issue 10', () => {
  it('a caller\'s latency sitting at its timeout is not a resource at its limit', () => {
    const b = handBundle('shop: latency up on the frontend since about 11:20 UTC', WINDOW, {
      series: [...system({}), minuteSeries('pod_client_latency_p90_seconds', { service: 'gateway' }, BASE, 30, (m) => (m >= ONSET ? 10 : 0.05 * wobble(m, 9)))],
    });
    const { findings } = analyze(b);
    expect(conditions(findings, 'saturation')).toEqual([]);
  });

  it('memory that rose with the fault is not memory climbing before it', () => {
    const b = handBundle('shop: latency up on the frontend since about 11:20 UTC', WINDOW, {
      series: [...system({}), minuteSeries('pod_memory_usage_bytes', { service: 'frontend' }, BASE, 30, (m) => (m >= ONSET ? 2.5e8 : 1e8 * wobble(m, 3)))],
    });
    const { findings } = analyze(b);
    expect(conditions(findings, 'oom')).toEqual([]);
  });

  it('logs that begin inside the window give no onset at their first line', () => {
    const first = 12;
    const stats = Array.from({ length: 31 - first }, (_, k) => ({ start: iso(BASE + (first + k) * MIN), total: 40, by_level: { info: 36, error: 4 }, by_service: { orders: 40 } }));
    const b = handBundle('orders are failing', WINDOW, {
      logStats: stats,
      signatures: [signature({ template: 'order <*> rejected: stock unknown', service: 'orders', base: BASE, minutes: span(first, 31, 4) })],
    });
    const { context } = analyze(b);
    expect(context.onset).not.toBe(BASE + first * MIN);
  });
});

describe('the pieces', () => {
  it('reads the stated start as the last such UTC time at or before the report', () => {
    const to = Date.parse('2023-01-29T08:47:04Z');
    expect(statedStart('latency up on the frontend: p90 0.55s since about 08:43 UTC', to)).toBe(Date.parse('2023-01-29T08:43:00Z'));
    expect(statedStart('errors since 23:50', Date.parse('2023-01-30T00:10:00Z'))).toBe(Date.parse('2023-01-29T23:50:00Z'));
    expect(statedStart('checkout failing since 2023-01-29T08:40:30Z', to)).toBe(Date.parse('2023-01-29T08:40:30Z'));
    expect(statedStart('checkout is failing', to)).toBeNull();
  });

  it("passes over a release's own time to the time the failures are said to start", () => {
    const to = Date.parse('2023-01-29T10:38:00Z');
    // The release's time comes after the symptom's ("since the 10:00 run"), or before it ("went out at 09:20").
    expect(statedStart('export DAG: task runs failing since the 10:00 run with "Connection refused"; export 2.4.0 went out at 09:20.', to)).toBe(
      Date.parse('2023-01-29T10:00:00Z'),
    );
    expect(statedStart('orders-api 5.7.0 (notify retries) went out at 09:20; e-mails missing for orders placed between ~09:38 and 09:50', to)).toBe(
      Date.parse('2023-01-29T09:38:00Z'),
    );
    expect(statedStart('media-api 2.14.0 deployed at 09:12, nothing failing yet', to)).toBeNull();
    // Near miss: "at 09:20" with no change before it is when it began.
    expect(statedStart('export tasks started failing at 09:20', to)).toBe(Date.parse('2023-01-29T09:20:00Z'));
  });

  it('moves a later detected onset back to the stated start, never forward', () => {
    expect(withStatedStart(BASE + 25 * MIN, BASE + 20 * MIN, BASE, BASE + 30 * MIN)).toBe(BASE + 20 * MIN);
    expect(withStatedStart(BASE + 15 * MIN, BASE + 20 * MIN, BASE, BASE + 30 * MIN)).toBe(BASE + 15 * MIN);
    expect(withStatedStart(null, BASE + 40 * MIN, BASE, BASE + 30 * MIN)).toBeNull();
  });

  it('keeps the stated start over a lone metric rise long before it, and an earlier rise within the slack', () => {
    const rise = (atMin: number) => ({
      series: 'pod_cpu_usage_percent{service="email"}', metric: 'pod_cpu_usage_percent', labels: { service: 'email' }, time: iso(BASE + atMin * MIN),
      before: 1, after: 4, relative_change: 3, direction: 'up' as const, score: 10, kind: 'gauge' as const,
    });
    const text = 'shop: latency up on the frontend since about 11:20 UTC';
    const early = deriveContext(handBundle(text, WINDOW, { series: system({}), anomalies: [rise(ONSET - 9)] }));
    expect(early.onset).toBe(BASE + ONSET * MIN);
    const near = deriveContext(handBundle(text, WINDOW, { series: system({}), anomalies: [rise(ONSET - 1)] }));
    expect(near.onset).toBe(BASE + (ONSET - 1) * MIN);
    const unstated = deriveContext(handBundle('shop: latency up on the frontend', WINDOW, { series: system({}), anomalies: [rise(ONSET - 9)] }));
    expect(unstated.onset).toBe(BASE + (ONSET - 9) * MIN);
  });

  it('scores a departure against a two-point baseline by a floor, not by its zero spread', () => {
    const pts: Array<[number, number]> = [[0, 1], [1, 1], [2, 1.05], [3, 1.02]];
    const small = robustScore(pts, 2, 1)!;
    expect(small.z).toBeLessThan(3);
    const big = robustScore([[0, 1], [1, 1], [2, 9]], 2, 1)!;
    expect(big.z).toBeGreaterThan(10);
    expect(robustScore([[2, 9]], 2, 1)).toBeNull();
    expect(strength(2.9)).toBe(0);
    expect(strength(1e6)).toBe(strength(96));
    // Past the certain bar the figure only says how flat the baseline was: the report says that, not "z 7799.8".
    expect(zText(7799.84)).toBe('robust z over 96 (its baseline barely varied)');
    expect(zText(12.345)).toBe('robust z 12.3');
  });

  it('does not count a sample carried forward past the onset, or one stray point', () => {
    // A range query repeats the 11:18 sample at 11:19 and 11:19:30: those are not evidence after an 11:19 onset.
    // Times in 30 s steps (the rules count time: a sample spans a minute).
    const at = (pts: Array<[number, number]>) => pts.map(([i, v]): [number, number] => [i * 30_000, v]);
    const carried = at([[0, 0.2], [1, 0.21], [2, 0.9], [3, 0.9], [4, 0.9], [5, 0.2]]);
    expect(freshAfter(carried, 3 * 30_000)).toEqual(at([[5, 0.2]]));
    expect(robustScore(carried, 3 * 30_000, 0.2)!.z).toBeLessThan(3);
    // One stray sample among several after the onset is not sustained; three high ones are (one sample a minute).
    const min = (pts: Array<[number, number]>) => pts.map(([i, v]): [number, number] => [i * 60_000, v]);
    const flat = min(Array.from({ length: 20 }, (_, i) => [i, 1 + 0.02 * (i % 3)] as [number, number]));
    expect(robustScore([...flat, ...min([[20, 9], [21, 1], [22, 1.01]])], 20 * 60_000, 1)!.z).toBeLessThan(3);
    expect(robustScore([...flat, ...min([[20, 9], [21, 9.5], [22, 8.8]])], 20 * 60_000, 1)!.z).toBeGreaterThan(10);
  });

  it('counts a scraped sample once when the query steps twice per scrape, and reads a climb at its latest sample', () => {
    // A 60 s scrape read at 30 s steps: every value shows twice, a stray scrape too, and it is still one sample.
    const S = 30_000;
    const twice = (vals: number[], from = 0): Array<[number, number]> => vals.flatMap((v, i) => [[(from + 2 * i) * S, v], [(from + 2 * i + 1) * S, v]] as Array<[number, number]>);
    const base = twice(Array.from({ length: 10 }, (_, i) => 1 + 0.02 * (i % 3)));
    expect(stepsPerSample(base)).toBe(2);
    expect(robustScore([...base, ...twice([9, 1, 1.01, 1.02], 20)], 20 * S, 1)!.z).toBeLessThan(3);
    // Held for two scrapes, it is sustained.
    expect(robustScore([...base, ...twice([9, 8.8, 1, 1.02], 20)], 20 * S, 1)!.z).toBeGreaterThan(10);
    // The latest sample has no later one to come back from: a series still climbing is read at its latest level.
    const climbing = robustScore([...base, ...twice([1.01, 1.02, 9], 20)], 20 * S, 1)!;
    expect(climbing.peak).toBe(9);
    expect(sustainedPeak(base, twice([5, 1, 1], 20))[1]).toBe(1);
    // Near miss: one step per sample, nothing repeated; a last sample above the rest is one stray scrape like any other.
    const once = Array.from({ length: 20 }, (_, i): [number, number] => [i * 60_000, 1 + 0.02 * (i % 3)]);
    expect(stepsPerSample(once)).toBe(1);
    expect(robustScore([...once, [20 * 60_000, 1.01], [21 * 60_000, 1.02], [22 * 60_000, 9]], 20 * 60_000, 1)!.peak).toBe(1.02);
  });

  it('weighs a signal that fires in one service of many above one that fires everywhere', () => {
    expect(rarity(40, 1)).toBeGreaterThan(2 * rarity(40, 14));
    expect(rarity(9, 9)).toBe(1);
  });
});

describe('services named in the incident text', () => {
  const TS = ['ts-admin-travel-service', 'ts-travel-service', 'ts-travel2-service', 'ts-user-service', 'ts-order-service', 'ts-order-other-service', 'ts-train-service'];
  const SHOP = ['shop-checkout-service', 'shop-cart-service', 'shop-frontend', 'shop-payment-api'];

  it('ignores case and separators between the name and the words', () => {
    for (const known of [['front-end', 'cart'], ['front_end', 'cart'], ['frontend', 'cart']]) {
      for (const text of ['latency up on the frontend', 'latency up on the front end', 'latency up on the Front-End']) {
        expect(namedServices(text, known), `${text} / ${known[0]}`).toEqual([known[0]]);
      }
    }
    expect(namedServices('the Cart Service is slow', ['cartservice', 'frontend'])).toEqual(['cartservice']);
    expect(namedServices('the CartService is slow', ['cart', 'frontend'])).toEqual(['cart']);
  });

  it('reads a name by its stem: without a service ending, or the prefix every service shares', () => {
    for (const checkout of ['checkoutservice', 'checkout-service', 'checkout-svc', 'checkout-api']) {
      expect(namedServices('500 errors on checkout', [checkout, 'cart', 'frontend'])).toEqual([checkout]);
    }
    expect(namedServices('500 errors on checkout', SHOP)).toEqual(['shop-checkout-service']);
    expect(namedServices('shop-checkout and the cart api are failing', SHOP)).toEqual(['shop-checkout-service', 'shop-cart-service']);
    expect(namedServices('orders failing', TS)).toEqual(['ts-order-service']);
    // A shared first segment is kept where nothing but a service ending follows it; two names do not make a namespace.
    expect(namedServices('checkout failing', ['checkout-api', 'checkout-worker', 'checkout-db'])).toEqual(['checkout-api']);
    expect(namedServices('gateway timeouts', ['payment-gateway', 'payment-ledger'])).toEqual([]);
    expect(namedServices('gateway timeouts', ['payment-gateway', 'payment-ledger', 'payment-api'])).toEqual(['payment-gateway']);
  });

  it('lets the longest form claim its words, so a word is read once', () => {
    expect(namedServices('admin travel is slow', TS)).toEqual(['ts-admin-travel-service']);
    expect(namedServices('ts-admin-travel-service errors, travel too', TS)).toEqual(['ts-admin-travel-service', 'ts-travel-service']);
    expect(namedServices('order-other errors', TS)).toEqual(['ts-order-other-service']);
    expect(namedServices('the checkout api returns 500', ['checkout', 'api'])).toEqual(['checkout']);
  });

  it('names nothing when a stem or a spelling is shared, or a word is part of a longer identifier', () => {
    expect(namedServices('checkout failing', ['checkout-api', 'checkout-svc', 'cart'])).toEqual([]);
    expect(namedServices('checkout failing', ['shop-checkout-service', 'shop-checkout-api', 'shop-cart'])).toEqual([]);
    expect(namedServices('frontend is slow', ['front-end', 'front_end'])).toEqual([]);
    expect(namedServices('front_end is slow', ['front-end', 'front_end'])).toEqual(['front_end']);
    // A stem under four letters is too short to be read alone; the whole name still is.
    expect(namedServices('ads are slow', ['ad-service', 'cart', 'email'])).toEqual([]);
    expect(namedServices('TrainTicket booking site is slow', TS)).toEqual([]);
    expect(namedServices('errors in order-processing', TS)).toEqual([]);
  });

  it('does not read everyday incident words as names unless a service word follows', () => {
    expect(namedServices('users report slow or failing requests', TS)).toEqual([]);
    expect(namedServices('the users service is slow', TS)).toEqual(['ts-user-service']);
    expect(namedServices('the service is down, services restart', ['service', 'services', 'cart'])).toEqual([]);
    expect(namedServices('users see errors', ['users', 'cart', 'email'])).toEqual([]);
    expect(namedServices('the api is down', ['api', 'cart', 'email'])).toEqual([]);
  });

  it('reads whole names only when asked to, as in log text where stems are ordinary nouns', () => {
    expect(namedServices('order <*> rejected: price rule missing', TS, { stems: false })).toEqual([]);
    expect(namedServices('call to ts-price-service failed', [...TS, 'ts-price-service'], { stems: false })).toEqual(['ts-price-service']);
  });

  it('hands the named service to the localizer as the known name', () => {
    const text = readIncidentText('500 errors on checkout since 11:20', SHOP, BASE + 30 * MIN);
    expect(text).toEqual({ since: BASE + 20 * MIN, services: ['shop-checkout-service'], kind: 'errors' });
  });
  it('answers for the names asked about each time, not for the previous call\'s names', () => {
    const a = ['shop-cart-service', 'shop-checkout-service', 'shop-frontend'];
    const b = ['cart', 'payments', 'frontend'];
    expect(namedServices('the cart is slow', a)).toEqual(['shop-cart-service']);
    expect(namedServices('the cart is slow', b)).toEqual(['cart']);
    expect(namedServices('payments fail', a)).toEqual([]);
    expect(namedServices('payments fail', b)).toEqual(['payments']);
    expect(namedServices('the cart is slow', a)).toEqual(['shop-cart-service']);
  });
});
