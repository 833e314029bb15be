// Work a queue hands out again while it still runs: the commit that set the broker's visibility timeout to the gap
// between two receipts of a message is blamed as a config error, over another service's release nearer the onset.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { change, ctxFor } from './rank-findings.js';

describe('redelivered messages', () => {
  const redelivers = {
    path: 'worker/celeryconfig.py',
    key: 'visibility_timeout',
    from: '10800',
    to: '600',
    line: 'broker_transport_options = {"visibility_timeout": 600}',
    period_ms: 604_000,
    count: 40,
    service: 'transcoder',
  };
  const timeout = change('a1b2c3d4e5f6', 'celery: shorter visibility_timeout', 34, { relevance: 0.05, paths: ['worker/celeryconfig.py'] });
  // The errors' own service released 15 min before and shares their words: timing and words alone.
  const upload = change('f6e5d4c3b2a1', 'api: upload videos in larger parts', 15, { relevance: 0.4, paths: ['api/upload.go'] });
  const ctx = ctxFor('api', ['api', 'transcoder']);

  it('blames the commit that set the timeout equal to the redelivery gap, as a config error of the consumer', () => {
    const v = rank([{ ...timeout, redelivers }, upload], ctx);
    expect(v.best.suspect?.sha).toBe(timeout.change.sha);
    expect(v.best).toMatchObject({ category: 'config_error', service: 'transcoder' });
    expect(v.best.summary).toContain('10800 to 600');
  });

  it('leaves the ranking alone when no change set the redelivery gap', () => {
    expect(rank([timeout, upload], ctx).best.suspect?.sha).not.toBe(timeout.change.sha);
  });
});
