// A caller whose only evidence is its own calls slowing is where a delay was felt; a service below it that moved a
// little on its own (a delay on its own interface leaves its handling time flat) is placed above it as the likelier origin.
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { descendants, waitedOnBy } from '../../src/rca/localize/waited-callees.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-05-14T15:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 30 * MIN;
const SERVER = 'pod_server_latency_p90_seconds';
const CLIENT = 'pod_client_latency_p90_seconds';

/** A p90 series of one pod: `before[m % before.length]` for 30 minutes, `after[m - 30]` (last value held) from the onset. */
function p90(metric: string, service: string, before: number[], after: number[]) {
  return minuteSeries(metric, { service, pod: `${service}-7b598fc7d-lmggd` }, BASE, 34, (m) => (m < 30 ? before[m % before.length]! : after[Math.min(m - 30, after.length - 1)]!));
}

/**
 * Istio-style p90s read from histogram buckets (values sit at bucket edges): a delay on shipping's interface. Orders'
 * handling time and its calls' time rise together (it waits on a callee), the catalog's calls slow too; shipping's own
 * handling stays flat and its own outbound calls' p90 holds one bucket higher; the web front end and the rest do not move.
 */
function delayed(ordersMoves = true) {
  return [
    p90(SERVER, 'orders', [0.43, 0.45, 0.235, 0.9, 0.4, 0.45], ordersMoves ? [2.35] : [0.43, 0.45, 0.4, 0.45, 0.43]),
    p90(CLIENT, 'orders', [0.043, 0.025, 0.065, 0.018, 0.058, 0.047], ordersMoves ? [0.327, 0.35, 0.394, 0.321] : [0.043, 0.025, 0.065, 0.047, 0.043]),
    p90(SERVER, 'shipping', [0.0046], [0.0046]),
    p90(CLIENT, 'shipping', [0.0085, 0.0085, 0.0046, 0.0085, 0.0085, 0.0205, 0.0085], [0.0205]),
    p90(SERVER, 'catalog', [0.019, 0.021, 0.018, 0.02], [0.02, 0.019, 0.021, 0.02]),
    p90(CLIENT, 'catalog', [0.4, 0.375, 0.43, 0.4], ordersMoves ? [0.75] : [0.4, 0.375, 0.43, 0.4]),
    p90(SERVER, 'web', [0.51, 0.48, 0.55, 0.5], [0.52, 0.49, 0.53, 0.5]),
    p90(CLIENT, 'web', [0.05, 0.047, 0.055, 0.05], [0.05, 0.047, 0.052, 0.05]),
    // The shop's other small services, at their usual levels: most p90s sit at the lowest buckets.
    ...['payment', 'email', 'cart', 'currency'].flatMap((svc, i) => [p90(SERVER, svc, [0.0046, 0.0047], [0.0046, 0.0047]), p90(CLIENT, svc, [0.0046 * (i + 1), 0.0047 * (i + 1)], [0.0046 * (i + 1), 0.0047 * (i + 1)])]),
  ];
}

function ranked(series = delayed(), callees?: Map<string, Set<string>>) {
  const bundle = handBundle('slow requests', { from: BASE, to: BASE + 34 * MIN }, { series });
  return rankServices(metricSignals(bundle, ONSET), callees ? { callees } : {});
}

describe('a weak place below a caller that only waits on its calls', () => {
  it('is placed above the caller when no call graph is known, with the kind of the caller\'s wait', () => {
    const r = ranked();
    expect(r.map((c) => c.service)).toEqual(['shipping', 'orders', 'catalog']);
    expect(r[0]).toMatchObject({ category: 'dependency_failure', waitedBy: 'orders' });
    expect(r[0]!.why).toMatch(/^weak evidence only.*ranked above orders/);
    expect(r[1]!.why).toMatch(/trouble is likely in a service it calls/);
  });

  it('is placed above the caller when the call graph puts it below', () => {
    const r = ranked(delayed(), new Map([['web', new Set(['orders', 'catalog'])], ['orders', new Set(['catalog', 'shipping'])]]));
    expect(r.map((c) => c.service)).toEqual(['shipping', 'orders', 'catalog']);
  });

  it('near miss: the call graph puts it elsewhere, so it cannot be what the caller waits on and stays last', () => {
    const r = ranked(delayed(), new Map([['web', new Set(['orders', 'shipping'])], ['orders', new Set(['catalog'])]]));
    expect(r.map((c) => c.service)).toEqual(['orders', 'catalog', 'shipping']);
    expect(r[2]).toMatchObject({ category: 'unknown' });
    expect(r[2]!.waitedBy).toBeUndefined();
  });

  it('near miss: the same small departure with no caller waiting stays a weak place of unknown kind', () => {
    const r = ranked(delayed(false));
    expect(r.map((c) => c.service)).toEqual(['shipping']);
    expect(r[0]).toMatchObject({ category: 'unknown' });
    expect(r[0]!.waitedBy).toBeUndefined();
  });
});

describe('what a waiting caller may wait on', () => {
  const graph = new Map([['web', new Set(['orders'])], ['orders', new Set(['shipping', 'catalog'])], ['catalog', new Set(['db'])]]);

  it('is any service below it, the first caller that has it below wins', () => {
    expect(descendants('orders', graph)).toEqual(new Set(['shipping', 'catalog', 'db']));
    expect(waitedOnBy('db', ['web', 'orders'], graph)).toBe('web');
    expect(waitedOnBy('db', ['orders'], graph)).toBe('orders');
    expect(waitedOnBy('shipping', ['catalog'], new Map())).toBe('catalog');
  });

  it('near miss: not itself, not a service above it or beside it', () => {
    expect(waitedOnBy('orders', ['orders'], new Map())).toBeNull();
    expect(waitedOnBy('web', ['orders'], graph)).toBeNull();
    expect(waitedOnBy('shipping', ['catalog'], graph)).toBeNull();
  });
});
