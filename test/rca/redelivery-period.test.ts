// The broker settings (Celery's visibility_timeout inside a map, RabbitMQ's consumer_timeout) whose value equals the
// gap after which the logs show messages handed out again; a request timeout of the same value is not one.
import { describe, expect, it } from 'vitest';
import { setsRedeliveryPeriod, valueMs } from '../../src/rca/redelivery-period.js';

const S = 1000;

describe('setsRedeliveryPeriod', () => {
  const celery = [
    '--- a/worker/celeryconfig.py',
    '+++ b/worker/celeryconfig.py',
    '@@ -4,2 +4,2 @@',
    '-broker_transport_options = {"visibility_timeout": 10800}',
    '+broker_transport_options = {"visibility_timeout": 600}',
  ].join('\n');

  it('names the setting a map in the diff sets to the period (seconds by default)', () => {
    expect(setsRedeliveryPeriod(celery, 604 * S).map((v) => `${v.key}=${v.from}->${v.to} ${v.path}`)).toEqual(['visibility_timeout=10800->600 worker/celeryconfig.py']);
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
