// Weak places: a sustained departure on a series' own scale (weak-departures.ts) and the ranking's third tier for
// services with only such evidence: after the others, never adding to a stronger service, never explaining a caller.
import { describe, expect, it } from 'vitest';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal, SignalKind } from '../../src/rca/localize/signal.js';
import { ownDeparture } from '../../src/rca/localize/weak-departures.js';
import type { Point } from '../../src/rca/series.js';

const MIN = 60_000;
const ONSET = 20 * MIN;

function signal(service: string, kind: SignalKind, family: string, z: number, weak = false): ServiceSignal {
  const s: ServiceSignal = { service, kind, family, z, start: ONSET, what: `${family} of ${service}`, evidence: null };
  if (weak) s.weak = true;
  return s;
}

/** 30 one-minute points around `level` with a small spread, `after(m)` from the onset on. */
function series(level: number, after: (m: number) => number): Point[] {
  return Array.from({ length: 30 }, (_, m) => [m * MIN, m * MIN >= ONSET ? after(m) : level * (1 + 0.01 * Math.sin(m))] as Point);
}

describe('weak departures', () => {
  it('reads a level that held above its own baseline, not one or two stray samples, nor a rise from zero', () => {
    const held = ownDeparture(series(0.005, () => 0.009), ONSET);
    expect(held?.z).toBeGreaterThan(3);
    expect(held?.peak).toBeCloseTo(0.009);
    expect(ownDeparture(series(0.005, (m) => (m === 22 || m === 24 ? 0.04 : 0.005)), ONSET)).toBeNull();
    expect(ownDeparture(series(0, () => 0.5), ONSET)).toBeNull();
    // Three tenths of its level is the least rise that counts, however flat the baseline was.
    expect(ownDeparture(series(1, () => 1.2), ONSET)).toBeNull();
  });
});

describe('the weak tier of the ranking', () => {
  const population = new Map([['cpu', 5], ['lat', 5], ['client', 5]]);

  it('lists a weak-only service after a caller that only waits on its calls when the call graph puts it elsewhere, as weak, with no category', () => {
    // Below a waiting caller (or with no graph known) it would come first: localize-waited-callees.test.ts.
    const callees = new Map([['checkout', new Set(['cart'])]]);
    const ranked = rankServices({ signals: [signal('checkout', 'client_latency', 'client', 40), signal('payment', 'cpu', 'cpu', 30, true)], population }, { callees });
    expect(ranked.map((c) => c.service)).toEqual(['checkout', 'payment']);
    expect(ranked[1]!.category).toBe('unknown');
    expect(ranked[1]!.nature).toMatch(/weak anomalies only/);
    expect(ranked[1]!.why).toMatch(/^weak evidence only/);
    expect(ranked[1]!.score).toBeLessThan(ranked[0]!.score);
  });

  it('never adds a weak signal to a service with a stronger one, nor counts it in how rare a family firing is', () => {
    const strong = [signal('cart', 'cpu', 'cpu', 20), signal('frontend', 'latency', 'lat', 6)];
    const alone = rankServices({ signals: strong, population });
    const withWeak = rankServices({
      signals: [...strong, signal('cart', 'latency', 'lat', 50, true), signal('email', 'cpu', 'cpu', 9, true), signal('shipping', 'cpu', 'cpu', 9, true)],
      population,
    });
    const score = (r: typeof alone, s: string) => r.find((c) => c.service === s)?.score;
    expect(score(withWeak, 'cart')).toBe(score(alone, 'cart'));
    expect(score(withWeak, 'frontend')).toBe(score(alone, 'frontend'));
    expect(withWeak.slice(0, 2).map((c) => c.service)).toEqual(alone.map((c) => c.service));
  });

  it('does not let a weak-only callee explain its caller\'s latency', () => {
    const callees = new Map([['checkout', new Set(['payment'])]]);
    const signals = [signal('checkout', 'latency', 'lat', 30), signal('payment', 'cpu', 'cpu', 96, true)];
    const ranked = rankServices({ signals, population }, { callees });
    expect(ranked[0]!.service).toBe('checkout');
    expect(ranked[0]!.why).not.toMatch(/count for less/);
  });
});
