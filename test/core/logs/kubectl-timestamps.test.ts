// `kubectl logs --prefix --timestamps`: the prefix names pod and container (the workload is the service), the
// runtime's RFC3339Nano time dates the line, and the container's own line under it is read as its own format.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/core/logs/formats.js';
import { peelStamp } from '../../../src/core/logs/merged-prefixes.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-03-18T13:00:00Z');
const P = '[pod/basket-api-7c9d6b5f4-xk2lp/basket-api]';
const Q = '[pod/basket-api-7c9d6b5f4-r8t2m/basket-api]';

// .NET's simple console formatter under kubectl's prefix and time: the message is on the indented line below.
const DOTNET = [
  `${P} 2026-03-18T12:04:12.818203915Z info: Microsoft.AspNetCore.Hosting.Diagnostics[2]`,
  `${P} 2026-03-18T12:04:12.818233102Z       Request finished HTTP/1.1 GET http://basket-api/api/v1/basket/42 - 200 - application/json 4.2031ms`,
  `${Q} 2026-03-18T12:04:14.123456789Z fail: Basket.Api.Repositories.RedisBasketRepository[0]`,
  `${Q} 2026-03-18T12:04:14.12346Z       Timeout awaiting response (outbound=0KiB, inbound=0KiB, 5016ms elapsed, timeout is 5000ms)`,
  `${Q} 2026-03-18T12:04:14.123471002Z       StackExchange.Redis.RedisTimeoutException: Timeout awaiting response (outbound=0KiB, inbound=0KiB, 5016ms elapsed, timeout is 5000ms)`,
  `${Q} 2026-03-18T12:04:14.123480113Z          at StackExchange.Redis.ConnectionMultiplexer.ExecuteSyncImpl[T](Message message)`,
];

// uvicorn with a traceback: every line carries kubectl's time, the traceback still continues its entry.
const UVICORN = [
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:00.79355123Z INFO:     10.42.2.237:49886 - "GET /v1/invoices/7 HTTP/1.1" 200 OK',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.91743301Z INFO:     10.42.2.237:49890 - "GET /v1/invoices/export HTTP/1.1" 500 Internal Server Error',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.917419921Z ERROR:    Exception in ASGI application',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.9175639Z Traceback (most recent call last):',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.917576989Z   File "/app/invoices/routes.py", line 88, in export',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.917590078Z     rows = await conn.fetch(EXPORT_SQL)',
  '[pod/invoices-5d8f7b9c6-q2w3e/api] 2026-03-04T08:52:01.917603167Z asyncpg.exceptions.QueryCanceledError: canceling statement due to statement timeout',
];

describe('kubectl logs --prefix --timestamps', () => {
  it('peels the runtime time only where the stream carries one (nanoseconds), not an app time after the prefix', () => {
    expect(peelStamp('2026-03-18T12:04:14.123456789Z fail: X[0]')).toEqual({ time: Date.parse('2026-03-18T12:04:14.123Z'), text: 'fail: X[0]', nanos: true });
    expect(detectFormat(DOTNET, AT)).toMatch(/^kubectl-ts:/);
    expect(detectFormat(UVICORN, AT)).toMatch(/^kubectl-ts:/);
    // An app's own millisecond ISO time after the prefix stays the app's line (--prefix without --timestamps).
    expect(detectFormat([`${P} 2026-03-18T12:04:14.123Z ERROR [basket] redis timeout`, `${Q} 2026-03-18T12:04:15.001Z INFO [basket] ok`], AT)).toBe('kubectl:iso');
  });

  it('reads .NET console entries under it: kubectl time, level, category as logger, message from the indented line, pod and container', async () => {
    const { entries } = await entriesOf('basket.log', DOTNET, AT);
    expect(entries.map((e) => [iso(e.time), e.level, e.service, e.message.split('\n')[0], e.fields?.logger, e.fields?.pod, e.fields?.container])).toEqual([
      ['2026-03-18T12:04:12.818Z', 'info', 'basket-api', 'Request finished HTTP/1.1 GET http://basket-api/api/v1/basket/42 - 200 - application/json 4.2031ms', 'Microsoft.AspNetCore.Hosting.Diagnostics', 'basket-api-7c9d6b5f4-xk2lp', 'basket-api'],
      [
        '2026-03-18T12:04:14.123Z',
        'error',
        'basket-api',
        'Timeout awaiting response (outbound=0KiB, inbound=0KiB, 5016ms elapsed, timeout is 5000ms) StackExchange.Redis.RedisTimeoutException',
        'Basket.Api.Repositories.RedisBasketRepository',
        'basket-api-7c9d6b5f4-r8t2m',
        'basket-api',
      ],
    ]);
    expect(entries[1]!.message).toContain('RedisTimeoutException');
  });

  it('reads uvicorn under it: the status as level, one entry per traceback', async () => {
    const { entries } = await entriesOf('invoices.log', UVICORN, AT);
    expect(entries.map((e) => [iso(e.time), e.level, e.service])).toEqual([
      ['2026-03-04T08:52:00.793Z', 'info', 'invoices'],
      ['2026-03-04T08:52:01.917Z', 'error', 'invoices'],
      ['2026-03-04T08:52:01.917Z', 'error', 'invoices'],
    ]);
    expect(entries[2]!.message.split('\n')).toHaveLength(5);
    expect(entries[2]!.message).toMatch(/^Exception in ASGI application: asyncpg\.exceptions\.QueryCanceledError: canceling statement due to statement timeout\nTraceback/);
  });
});

describe('uvicorn', () => {
  it("names an unhandled exception by what the traceback raised, not by uvicorn's one wording", async () => {
    const { entries } = await entriesOf('invoices.log', [
      'ERROR:    Exception in ASGI application',
      'Traceback (most recent call last):',
      '  File "/app/invoices/db.py", line 12, in connect',
      '    return await asyncpg.connect(DSN)',
      'asyncpg.exceptions.InvalidPasswordError: password authentication failed for user "invoices"',
      'INFO:     10.42.0.9:40000 - "GET /v1/invoices HTTP/1.1" 200 OK',
    ], AT);
    expect(entries.map((e) => [e.level, e.message.split('\n')[0]])).toEqual([
      ['error', 'Exception in ASGI application: asyncpg.exceptions.InvalidPasswordError: password authentication failed for user "invoices"'],
      ['info', '10.42.0.9:40000 - "GET /v1/invoices HTTP/1.1" 200 OK'],
    ]);
  });
});
