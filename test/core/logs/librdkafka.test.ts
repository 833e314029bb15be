// librdkafka's own lines between a Kafka client app's lines (confluent-kafka's stderr): each is an entry of its own,
// dated by its epoch stamp, levelled by its syslog severity and given the file's service, not the line above's tail.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parseLibrdkafka } from '../../../src/core/logs/librdkafka.js';

const REF = Date.parse('2026-12-05T12:00:00Z');

// A Python worker's stderr: logging's `%(asctime)s %(levelname)s %(name)s: %(message)s` and librdkafka's default logger.
const STDERR = [
  '2026-12-05 09:40:58,120 INFO fulfilment.handler: fulfilled order 4866350: shipment SHP-9A8DBF61 at warehouse DUB1 (6 items, offset 81547080)',
  '%4|1796463660.813|MAXPOLL|rdkafka#consumer-1| [thrd:main]: Application maximum poll interval (60000ms) exceeded by 7602ms (adjust max.poll.interval.ms for long-running message processing): leaving group',
  '2026-12-05 09:41:01,037 INFO fulfilment.handler: fulfilled order 4866354: shipment SHP-9A8DBF68 at warehouse DUB1 (6 items, offset 81547083)',
  '%3|1796463662.001|FAIL|rdkafka#consumer-1| [thrd:kafka-2:9092/bootstrap]: kafka-2:9092/2: Connect to ipv4#10.1.3.7:9092 failed: Connection refused (after 0ms in state CONNECT)',
  '%6|1796463663.500|CLOSE|rdkafka#consumer-1| [thrd:main]: Closing consumer',
  '%7|1796463664.000|HEARTBEAT|rdkafka#consumer-1| Heartbeat for group "fulfilment" generation id 41',
];

describe("librdkafka's own log lines", () => {
  it('start entries of their own in a Python file, with their time, severity and the file\'s service', () => {
    const parse = parserFor(detectFormat(STDERR, REF), REF, '/var/log/fulfilment-worker.log');
    const heads = STDERR.map((l) => parse(l));
    expect(heads.every((h) => h !== null)).toBe(true);
    expect(heads.map((h) => h!.level)).toEqual(['info', 'warn', 'info', 'error', 'info', 'debug']);
    expect(heads[1]).toMatchObject({
      time: Date.parse('2026-12-05T09:41:00.813Z'),
      service: 'fulfilment-worker',
      message: expect.stringMatching(/^Application maximum poll interval \(60000ms\) exceeded/),
      fields: { facility: 'MAXPOLL', client: 'rdkafka#consumer-1', thread: 'main' },
    });
    expect(heads[3]!.fields).toMatchObject({ facility: 'FAIL', thread: 'kafka-2:9092/bootstrap' });
    // Without a thread tag, the message is the rest of the line.
    expect(heads[5]!.message).toBe('Heartbeat for group "fulfilment" generation id 41');
  });

  it('are entries in JSON files too, and other lines that open with % are not theirs', () => {
    const json = parserFor('json', REF, '/var/log/orders-consumer.log');
    expect(json(STDERR[1]!)).toMatchObject({ level: 'warn', service: 'orders-consumer' });
    expect(parseLibrdkafka('%CPU usage 93% on node-3')).toBeNull();
    expect(parseLibrdkafka('%4|17964636|MAXPOLL|rdkafka#consumer-1| short stamp')).toBeNull();
  });
});
