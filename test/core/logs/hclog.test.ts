// HashiCorp hclog: `<time> [LEVEL]  name: message: key=value ...`, the dotted name a logger, the pairs fields (an error
// among them joins the message); its JSON format; and another library's JSON lines in the same stream as entries.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-03-12T04:00:00Z');

describe('hclog', () => {
  it('reads level, logger and pairs; an error pair joins the message, a request line names its request', () => {
    const parse = parserFor('iso', AT, '/var/log/payouts.log');
    expect(parse('2026-03-12T03:11:00.123Z [ERROR] payouts.locks: failed to acquire lock: key=locks/m_1517 wait=5s error="context deadline exceeded"')).toMatchObject({
      time: Date.parse('2026-03-12T03:11:00.123Z'),
      level: 'error',
      message: 'failed to acquire lock: context deadline exceeded',
      fields: { logger: 'payouts.locks', key: 'locks/m_1517', wait: '5s', error: 'context deadline exceeded' },
    });
    // hclog pads a four-letter level (`[INFO] ` then its space) and writes offsets without a colon.
    expect(parse('2026-03-12T04:11:00.500+0100 [INFO]  payouts.http: request completed: method=POST path=/v1/payouts status=201 duration=36.9ms')).toMatchObject({
      time: Date.parse('2026-03-12T03:11:00.500Z'),
      level: 'info',
      message: 'request completed: POST /v1/payouts 201',
      fields: { logger: 'payouts.http', status: '201' },
    });
    // A message with a colon of its own and no pairs stays whole.
    expect(parse('2026-03-12T03:11:02.000Z [WARN]  payouts: config: retry_max is deprecated')).toMatchObject({ level: 'warn', message: 'config: retry_max is deprecated', fields: { logger: 'payouts' } });
  });

  it('reads its JSON format: @level, @message, @timestamp and @module (a logger)', () => {
    expect(parseJsonLine('{"@level":"error","@message":"failed to acquire lock","@module":"payouts.locks","@timestamp":"2026-03-12T03:11:00.123456Z","error":"context deadline exceeded"}')).toMatchObject({
      time: Date.parse('2026-03-12T03:11:00.123Z'),
      level: 'error',
      service: 'payouts',
      message: 'failed to acquire lock: context deadline exceeded',
    });
    expect(parseJsonLine('{"@level":"debug","@message":"lock acquired","@module":"payouts.locks","@timestamp":"2026-03-12T03:11:01Z","key":"locks/m_1"}')).toMatchObject({ level: 'debug', service: 'payouts' });
  });

  it("reads a library's zap JSON lines in the stream as entries of their own, the file's service kept", async () => {
    const { format, entries } = await entriesOf('payouts.log', [
      '2026-03-12T03:11:00.123Z [ERROR] payouts.locks: failed to acquire lock: key=locks/m_1 error="context deadline exceeded"',
      '{"level":"warn","ts":"2026-03-12T03:11:01.382Z","logger":"etcd-client","caller":"v3@v3.5.12/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc0001c4000/10.0.0.5:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
      '2026-03-12T03:11:02.000Z [INFO]  payouts.http: request completed: method=GET path=/v1/payouts/7 status=200',
    ], AT);
    expect(format).toBe('iso');
    expect(entries.map((e) => [iso(e.time), e.level, e.service, e.message])).toEqual([
      ['2026-03-12T03:11:00.123Z', 'error', 'payouts', 'failed to acquire lock: context deadline exceeded'],
      ['2026-03-12T03:11:01.382Z', 'warn', 'payouts', 'retrying of unary invoker failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded'],
      ['2026-03-12T03:11:02.000Z', 'info', 'payouts', 'request completed: GET /v1/payouts/7 200'],
    ]);
  });
});
