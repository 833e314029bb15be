// A release of two commits, its version bump and a producer setting `linger.ms: 1000`, after which the producer's
// record-queue time steps from 2 ms to ~1,000 ms: the commit that set the wait is named, not the version bump.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { newSettingsByFile } from '../../src/rca/relevance.js';
import { durationsMs, stepMatches } from '../../src/rca/setting-delay.js';
import { change, condition, ctxFor } from './rank-findings.js';

describe('a wait a commit set', () => {
  it('is read from a key added with no earlier value', () => {
    const diff = ' spring:\n   kafka:\n     producer:\n+      batch-size: 512KB\n       properties:\n+        linger.ms: 1000\n-        acks: 1\n+        acks: all\n';
    expect(newSettingsByFile(diff, ['orders-api/src/main/resources/application.yml']).map((s) => [s.key, s.to])).toEqual([
      ['batch-size', '512KB'],
      ['linger.ms', '1000'],
    ]);
  });

  it('matches a series that stepped to it or by it, in ms or seconds', () => {
    expect(stepMatches(durationsMs('linger.ms', '1000'), { from: 2.2, to: 1040 })).toBe(true);
    expect(stepMatches(durationsMs('linger.ms', '1000'), { from: 0.11, to: 1.14 })).toBe(true);
    expect(stepMatches(durationsMs('retry_delay', '2s'), { from: 0.1, to: 0.3 })).toBe(false);
    // A small number is any series' level by chance.
    expect(stepMatches(durationsMs('linger.ms', '5'), { from: 1, to: 5 })).toBe(false);
  });
});

describe('a release whose commit set the wait a series then stepped to', () => {
  const at = 1;
  const ref = 'orders-api/v8.4.0';
  const bump = change('a'.repeat(40), 'orders-api 8.4.0', at, { relevance: 0, matched: [], paths: ['orders-api/VERSION'] });
  const linger = change('b'.repeat(40), 'orders-api: batch order events to cut request costs', at, {
    relevance: 0,
    matched: [],
    paths: ['orders-api/src/main/resources/application.yml'],
    configOnly: true,
    added: [{ path: 'orders-api/src/main/resources/application.yml', key: 'linger.ms', from: '', to: '1000', line: '+        linger.ms: 1000' }],
  });
  for (const c of [bump, linger]) c.change.ref = ref;
  const queued = (to: number) =>
    condition({
      condition: 'saturation',
      category: 'resource_exhaustion',
      service: 'orders-api',
      confidence: 0.3,
      summary: `a resource limit was hit in orders-api: kafka_producer_record_queue_time_avg jumped from 2.2 to ${to}`,
      metric: 'kafka_producer_record_queue_time_avg',
      step: { from: 2.2, to },
    });
  const ctx = () => ctxFor('checkout', ['checkout', 'orders-api']);

  it('names the commit that set linger.ms over the version bump blamed on timing', () => {
    const v = rank([bump, linger, queued(1040)], ctx());
    expect(v.best.suspect?.sha).toBe(linger.change.sha);
    expect(v.best.service).toBe('orders-api');
    expect(v.best.summary).toContain('linger.ms to 1000');
  });

  it('leaves the timing guess alone when the series stepped to another level', () => {
    expect(rank([bump, linger, queued(40)], ctx()).best.suspect?.sha).toBe(bump.change.sha);
  });
});
