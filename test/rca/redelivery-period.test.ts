// The redelivery rule on small samples: a Celery worker receiving a task id again while it still runs, and the
// broker settings (Celery's visibility_timeout, RabbitMQ's consumer_timeout) whose value equals that gap.
import { describe, expect, it } from 'vitest';
import { redelivery, setsRedeliveryPeriod, valueMs, type Receipt } from '../../src/rca/redelivery-period.js';

const S = 1000;
const rec = (t: number, id: string, what: Receipt['what'] = 'received'): Receipt => ({ time: t * S, id, what });

describe('redelivery', () => {
  it('finds the gap of ids received again while unfinished', () => {
    const r: Receipt[] = [];
    // Six long tasks, each handed out again ~600 s later (the broker's restore loop adds a few seconds).
    for (let i = 0; i < 6; i++) r.push(rec(i * 30, `t${i}`), rec(i * 30 + 600 + i, `t${i}`));
    // Short tasks that finish before the timeout: never received again.
    for (let i = 0; i < 20; i++) r.push(rec(i * 10, `s${i}`), rec(i * 10 + 5, `s${i}`, 'finished'));
    expect(redelivery(r)).toEqual({ periodMs: 602.5 * S, count: 6 });
  });

  it('does not count a retry after the first run finished', () => {
    const r: Receipt[] = [];
    for (let i = 0; i < 8; i++) r.push(rec(i, `t${i}`), rec(i + 30, `t${i}`, 'finished'), rec(i + 90, `t${i}`));
    expect(redelivery(r)).toBeNull();
  });

  it('needs several redeliveries, not one duplicate publish', () => {
    expect(redelivery([rec(0, 'a'), rec(3, 'a')])).toBeNull();
  });
});

describe('setsRedeliveryPeriod', () => {
  const celery = [
    '--- a/worker/celeryconfig.py',
    '+++ b/worker/celeryconfig.py',
    '@@ -4,2 +4,2 @@',
    '-broker_transport_options = {"visibility_timeout": 10800}',
    '+broker_transport_options = {"visibility_timeout": 600}',
  ].join('\n');

  it('names the setting a map in the diff sets to the period (seconds by default)', () => {
    expect(setsRedeliveryPeriod(celery, 604 * S).map((v) => `${v.key}=${v.value}`)).toEqual(['visibility_timeout=600']);
  });

  it('ignores it when the period is far from the value', () => {
    expect(setsRedeliveryPeriod(celery, 3 * 3600 * S)).toEqual([]);
  });

  it('reads units on the value and RabbitMQ consumer_timeout in ms', () => {
    expect(valueMs('visibility_timeout', '10m')).toBe(600 * S);
    expect(valueMs('consumer_timeout', '600000')).toBe(600 * S);
    expect(valueMs('ackDeadlineMs', '600000')).toBe(600 * S);
    const rabbit = '+++ b/rabbitmq/rabbitmq.conf\n@@ -1 +1 @@\n-consumer_timeout = 1800000\n+consumer_timeout = 600000\n';
    expect(setsRedeliveryPeriod(rabbit, 610 * S)).toHaveLength(1);
  });

  it('leaves timeouts that do not hand work out again (a request timeout of the same value)', () => {
    expect(setsRedeliveryPeriod('+++ b/api.yaml\n@@ -1 +1 @@\n+request_timeout: 600\n', 600 * S)).toEqual([]);
  });
});
