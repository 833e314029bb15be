// Near misses of the rules that name a change by a limit (ceiling-rank, load-crossed-limit, load-source, refused-rank):
// a workload at its limit or a traffic step is in the data, but the failing service broke by a release at the onset.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor } from './rank-findings.js';

function related(template: string, service: string): RelatedSignature {
  const sig: ErrorSignature = { id: template.slice(0, 8), template, level: 'error', services: [service], count: 90, first_seen: null, last_seen: null, example: template, example_source: 'app.log:1', per_minute: [], baseline_count: 0, new: true };
  return { sig, service, pre: 0, post: 90, isNew: true, weight: 1 };
}
const ctx = { ...ctxFor('checkout', ['checkout', 'reports', 'cart']), related: [related('POST /checkout: cart total mismatch: discount applied twice (bundle discount)', 'checkout')] };
/** checkout's release a minute before the onset, its words the errors' words. */
const release = change('c0de5eed'.padEnd(40, '0'), 'checkout: apply bundle discount on the cart total', 1, { relevance: 0.8, matched: ['bundle', 'discount', 'cart', 'total'], paths: ['checkout/src/discount.ts'] });

describe('ceiling-rank near misses', () => {
  // A platform commit two days before lowered reports' autoscaler maximum to the 4 replicas it now sits at.
  const cap = change('cafe0001'.padEnd(40, '0'), 'Cap reports autoscaling at the reserved node pool', 2 * 24 * 60, {
    relevance: 0.02,
    configOnly: true,
    paths: ['deploy/reports/hpa.yaml'],
    settings: [{ path: 'deploy/reports/hpa.yaml', key: 'maxReplicas', from: '12', to: '4', line: 'maxReplicas: 4' }],
  });
  const held = (service: string) => condition({ condition: 'saturation', category: 'capacity', service, confidence: 0.7, ceiling: 4 });

  it('leaves the release first when the held workload neither fails nor is named by what fails', () => {
    expect(rank([release, cap, held('reports')], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('still names the cap when the held workload is the one failing', () => {
    const own = { ...ctx, related: [...ctx.related, related('GET /reports: 503 concurrency limit reached', 'reports')] };
    expect(rank([release, cap, held('reports')], own).best.suspect?.sha).toBe(cap.change.sha);
  });
});

describe('load-crossed-limit near misses', () => {
  const load = condition({ condition: 'capacity', category: 'capacity', service: 'cart', confidence: 0.7, summary: 'traffic to cart stepped up before the errors' });
  const oom = condition({ condition: 'oom', category: 'resource_exhaustion', service: 'cart', confidence: 0.5 });
  const sizing = (gap: number, path: string) => change('b0b0b0b0'.padEnd(40, '0'), 'cart: batch size 500', gap, { relevance: 0.05, configOnly: true, paths: [path], hints: ['batch_size changed from 100 to 500'] });

  it('does not name a sizing change older than a day (the service took such peaks since)', () => {
    expect(rank([release, load, oom, sizing(3 * 24 * 60, 'cart/config.yaml')], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it("does not name a sizing change in another service's configuration than the one at its limit", () => {
    expect(rank([release, load, oom, sizing(60, 'reports/config.yaml')], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});

describe('load-source near misses', () => {
  const load = condition({ condition: 'capacity', category: 'capacity', service: 'reports', confidence: 0.7, loads: 'orders-db', names: ['orders'] });

  it('leaves the release first when the database the load went to is not at its limit', () => {
    expect(rank([release, load], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('leaves the release first when the saturated server is another one than the loaded', () => {
    const other = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'cache-redis', confidence: 0.8 });
    expect(rank([release, load, other], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});
