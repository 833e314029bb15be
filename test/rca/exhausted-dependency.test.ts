// A dependency its callers fail on while its own memory is at its limit: the report names that exhaustion (category
// resource_exhaustion) rather than "its dependency is failing"; a dependency with no limit of its own stays as it was.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { condition, ctxFor } from './rank-findings.js';

const ctx = ctxFor('web', ['web', 'accounts', 'sessions']);
// The web tier's login calls are refused while the accounts service is OOM-killed and restarting.
const failing = condition({ condition: 'dependency', category: 'dependency_failure', service: 'accounts', confidence: 0.88, summary: 'web fails because its dependency accounts is failing (connection refused)' });
const atLimit = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'accounts', confidence: 0.5, summary: 'a resource limit was hit in accounts: working set reached 92 % of its memory limit' });

describe('a failing dependency at its own resource limit', () => {
  it('names the exhaustion in that service first', () => {
    const v = rank([failing, atLimit], ctx);
    expect(v.best.service).toBe('accounts');
    expect(v.best.category).toBe('resource_exhaustion');
    expect(v.others[0]?.category).toBe('dependency_failure');
  });

  it("counts the localizer's pressure at a limit in that service as much as the saturation analyzer's", () => {
    const pressure = condition({ condition: 'anomaly', category: 'resource_exhaustion', service: 'accounts', confidence: 0.45, summary: 'accounts: memory pressure (usage at 95 % of its limit)' });
    const v = rank([failing, pressure], ctx);
    expect([v.best.service, v.best.category]).toEqual(['accounts', 'resource_exhaustion']);
  });

  it('leaves the dependency first when the limit is in another service or too weak to explain it', () => {
    const elsewhere = { ...atLimit, service: 'sessions' };
    expect(rank([failing, elsewhere], ctx).best.category).toBe('dependency_failure');
    const weak = { ...atLimit, confidence: 0.3 };
    expect(rank([failing, weak], ctx).best.category).toBe('dependency_failure');
  });
});
