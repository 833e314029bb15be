// Near misses of stalled-consumer: a backlog growing and a service that fell silent are both in the data, but the
// consumer keeps taking messages (too slowly) or the silence is an unrelated job that ended long before.
import { describe, expect, it } from 'vitest';
import type { LogStatsBucket } from '../../src/core/evidence.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { iso } from './helpers.js';

function stats(by: (m: number) => Record<string, number>): LogStatsBucket[] {
  return Array.from({ length: 120 }, (_, m) => {
    const b = by(m);
    return { start: iso(BASE + m * MIN), total: Object.values(b).reduce((a, n) => a + n, 0), by_level: { info: 1 }, by_service: b };
  });
}
const ready = samples('rabbitmq_queue_messages_ready', { queue: 'invoices', vhost: '/', pod: 'rabbitmq-0' }, (m) => (m > ONSET ? (m - ONSET) * 25 : 0));

describe('stalled-consumer near misses', () => {
  it('names no stopped consumer when the consumer still logs what it takes (a backlog from more traffic)', () => {
    const logs = stats((m) => ({ 'billing-api': m > ONSET ? 90 : 40, 'invoice-worker': 12, 'audit-log': m % 9 === 0 ? 1 : 0 }));
    const { findings } = analyze(bundleOf({ logStats: logs, series: [ready] }));
    expect(conditions(findings, 'consumer_stalled')).toHaveLength(0);
  });

  it('names no stopped consumer when a service fell silent but the queue drained again (a burst it worked off)', () => {
    const burst = samples('rabbitmq_queue_messages_ready', { queue: 'invoices', pod: 'rabbitmq-0' }, (m) => (m > ONSET && m < ONSET + 6 ? (m - ONSET) * 30 : m >= ONSET + 6 ? Math.max(0, 150 - (m - ONSET - 6) * 50) : 0));
    const logs = stats((m) => ({ 'billing-api': 40, 'invoice-worker': 12, 'cache-warmer': m < ONSET ? 15 : 0 }));
    const { findings } = analyze(bundleOf({ logStats: logs, series: [burst] }));
    expect(conditions(findings, 'consumer_stalled')).toHaveLength(0);
  });

  it('names no stopped consumer when the service fell silent long before the queue began to grow', () => {
    const logs = stats((m) => ({ 'billing-api': 40, 'invoice-worker': 12, 'report-job': m < ONSET - 20 ? 15 : 0 }));
    const { findings, verdict } = analyze(bundleOf({ logStats: logs, series: [ready] }));
    expect(conditions(findings, 'consumer_stalled')).toHaveLength(0);
    expect(verdict.best.service).not.toBe('report-job');
  });
});
