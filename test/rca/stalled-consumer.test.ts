// A consumer that stopped taking messages (its handler blocked on a call with no timeout, a deadlock): the queue grows
// without pause, the broker and the producers are fine, and the consumer, which logs each message it takes, falls silent.
import { describe, expect, it } from 'vitest';
import type { LogStatsBucket } from '../../src/core/evidence.js';
import { backlogStall, silentAt } from '../../src/rca/analyzers/stalled-consumer.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { iso } from './helpers.js';

/** Log entries per minute by service: the API and the worker log each request and message until `stopAt`. */
function stats(stopAt: number, extra: Record<string, (m: number) => number> = {}): LogStatsBucket[] {
  const out: LogStatsBucket[] = [];
  for (let m = 0; m < 120; m++) {
    const by: Record<string, number> = { 'billing-api': 40 + (m % 5), 'invoice-worker': m < stopAt ? 12 + (m % 3) : 0 };
    for (const [s, f] of Object.entries(extra)) by[s] = f(m);
    out.push({ start: iso(BASE + m * MIN), total: Object.values(by).reduce((a, n) => a + n, 0), by_level: { info: 1 }, by_service: by });
  }
  return out;
}
/** RabbitMQ's ready messages of the queue, as its Prometheus plugin reports them, from `growFrom` on. */
const ready = (growFrom: number, rate = 25) =>
  samples('rabbitmq_queue_messages_ready', { queue: 'invoices', vhost: '/', pod: 'rabbitmq-0' }, (m) => (m > growFrom ? (m - growFrom) * rate : m % 7 === 0 ? 1 : 0));

describe('a stopped consumer', () => {
  it('names the service that fell silent as the queue began to grow, over the broker whose gauge moved', () => {
    const b = bundleOf({ logStats: stats(ONSET), series: [ready(ONSET)] });
    const { findings, verdict } = analyze(b);
    const [k] = conditions(findings, 'consumer_stalled');
    expect(k?.service).toBe('invoice-worker');
    expect(k?.names).toEqual(['rabbitmq']);
    expect(verdict.best.service).toBe('invoice-worker');
    expect(verdict.best.summary).toContain('stopped consuming invoices');
  });
});

describe('backlogStall', () => {
  const pts = (f: (m: number) => number) => samples('x', {}, f).points;
  it('reads a series resampled at half its scrape interval (each value twice) as growing without pause', () => {
    const twice = pts((m) => (m > ONSET ? Math.floor((m - ONSET + 1) / 2) * 40 : 0));
    expect(backlogStall(twice)?.rise).toBe(BASE + (ONSET + 1) * MIN);
  });
  it('finds no stall in a burst the consumer drained', () => {
    expect(backlogStall(pts((m) => (m > ONSET && m < ONSET + 6 ? (m - ONSET) * 30 : m >= ONSET + 6 ? Math.max(0, 150 - (m - ONSET - 6) * 50) : 0)))).toBeNull();
  });
});

describe('silentAt', () => {
  it('needs exactly one service that went quiet: two silent at once (a node lost) name neither', () => {
    const both = stats(ONSET, { 'pdf-renderer': (m) => (m < ONSET ? 9 : 0) });
    expect(silentAt(both, BASE + (ONSET + 1) * MIN)).toBeNull();
    expect(silentAt(stats(ONSET), BASE + (ONSET + 1) * MIN)).toBe('invoice-worker');
  });
});
