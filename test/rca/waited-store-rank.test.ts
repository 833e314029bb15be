// A dependency its callers fail on that only waits itself: the store the localizer placed above it (its handling slowed
// with no pressure of its own) is named first. The walk along timeouts goes on from a dependency that itself times out.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { furthestWait } from '../../src/rca/dependency-chain.js';
import { condition, ctxFor } from './rank-findings.js';

const ctx = ctxFor('front-end', ['front-end', 'orders', 'carts', 'carts-db']);
// Packet loss on the carts database: the shop's calls to carts time out, carts' own request time rose, its CPU did not.
const failing = condition({ condition: 'dependency', category: 'dependency_failure', service: 'carts', confidence: 0.9, summary: 'front-end fails because its dependency carts is failing (TimeoutException)' });
const store = (waitedBy: string) =>
  condition({ condition: 'anomaly', category: 'dependency_failure', service: 'carts-db', confidence: 0.46, summary: `carts-db: the data store only ${waitedBy} uses, which ${waitedBy} waits on`, waitedBy });

describe('a failing dependency that only waits on its store', () => {
  it('names the store it waits on first', () => {
    const v = rank([failing, store('carts')], ctx);
    expect(v.best.service).toBe('carts-db');
    expect(v.others[0]?.service).toBe('carts');
  });

  it('near miss: a store another service waits on leaves the dependency first', () => {
    expect(rank([failing, store('orders')], ctx).best.service).toBe('carts');
  });
});

describe('furthestWait', () => {
  const blames = [{ name: 'orders', weight: 1 }, { name: 'carts', weight: 1 }];
  it('goes on from a named dependency whose own timeouts name another named one', () => {
    expect(furthestWait(blames, new Map([['orders', new Set(['carts'])]])).map((b) => b.name)).toEqual(['carts', 'orders']);
  });
  it('stays when the other is named far less, or when nothing says the first waits on it', () => {
    expect(furthestWait([blames[0]!, { name: 'carts', weight: 0.2 }], new Map([['orders', new Set(['carts'])]]))[0]!.name).toBe('orders');
    expect(furthestWait(blames, new Map([['carts', new Set(['orders'])]]))[0]!.name).toBe('orders');
  });
});
