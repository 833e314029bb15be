// .NET's default simple console formatter on its own: `fail: Ns.Class[eventId]` with the message on the indented
// lines below (one entry, worded by that message), every level word (trce..crit), with or without a TimestampFormat.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-07-04T00:00:00Z');

describe('.NET simple console formatter', () => {
  it('one entry per head, its message the line below it, the category a logger', async () => {
    const { format, entries } = await entriesOf('orders-api.log', [
      'info: Microsoft.Hosting.Lifetime[14]',
      '      Now listening on: http://[::]:8080',
      'fail: Microsoft.EntityFrameworkCore.Database.Command[20102]',
      "      Failed executing DbCommand (30,012ms) [Parameters=[@__id_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']",
      '      SELECT o.id, o.total FROM orders AS o WHERE o.customer_id = @__id_0',
      'crit: Orders.Api.Program[0]',
      '      Host terminated unexpectedly',
    ], AT);
    expect(format).toBe('stamped');
    expect(entries.map((e) => [e.level, e.service, e.message.split('\n')[0], e.fields])).toEqual([
      ['info', 'orders-api', 'Now listening on: http://[::]:8080', { logger: 'Microsoft.Hosting.Lifetime', event_id: 14 }],
      ['error', 'orders-api', "Failed executing DbCommand (30,012ms) [Parameters=[@__id_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']", { logger: 'Microsoft.EntityFrameworkCore.Database.Command', event_id: 20102 }],
      ['fatal', 'orders-api', 'Host terminated unexpectedly', { logger: 'Orders.Api.Program', event_id: 0 }],
    ]);
    expect(entries[1]!.message).toContain('SELECT o.id');
  });

  it('reads every level word after a TimestampFormat, in the ISO and the space-separated stamp', async () => {
    const { format, entries } = await entriesOf('orders-api.log', [
      '2026-07-03 15:22:51.101 dbug: Orders.Api.Cache[0]',
      '      cache refreshed in 12ms',
      '2026-07-03 15:22:51.202 fail: Orders.Api.Controllers.OrdersController[0]',
      '      Order 42 could not be saved',
      '2026-07-03 15:22:51.303 trce: Orders.Api.Cache[0]',
      '      key orders:42 touched',
      '2026-07-03 15:22:51.404 crit: Orders.Api.Program[0]',
      '      Host terminated unexpectedly',
    ], AT);
    expect(format).toBe('python');
    expect(entries.map((e) => [iso(e.time), e.level, e.message])).toEqual([
      ['2026-07-03T15:22:51.101Z', 'debug', 'cache refreshed in 12ms'],
      ['2026-07-03T15:22:51.202Z', 'error', 'Order 42 could not be saved'],
      ['2026-07-03T15:22:51.303Z', 'trace', 'key orders:42 touched'],
      ['2026-07-03T15:22:51.404Z', 'fatal', 'Host terminated unexpectedly'],
    ]);
    expect(parserFor('iso', AT)('2026-07-03T15:22:51.202Z fail: Orders.Api.Worker[7]')).toMatchObject({ level: 'error', fields: { logger: 'Orders.Api.Worker', event_id: 7 } });
  });

  it('SingleLine: the message after the head is the message already', () => {
    expect(parserFor('stamped', AT)('warn: Orders.Api.Payments[3] Payment provider slow: 2300ms')).toMatchObject({ level: 'warn', message: 'Payment provider slow: 2300ms', fields: { logger: 'Orders.Api.Payments' } });
  });
});

describe('.NET console: a generic message over an exception', () => {
  it('names the exception type after the message, so two failures do not mine into one', async () => {
    const { entries } = await entriesOf('basket-api.log', [
      'fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]',
      '      An unhandled exception has occurred while executing the request.',
      '      StackExchange.Redis.RedisTimeoutException: Timeout performing HGETALL (5000ms), inst: 0, qu: 0, qs: 12',
      '         at StackExchange.Redis.ConnectionMultiplexer.ExecuteAsyncImpl[T](Message message)',
      'fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]',
      '      An unhandled exception has occurred while executing the request.',
      "      System.InvalidOperationException: Sequence contains no elements",
    ], AT);
    expect(entries.map((e) => e.message.split('\n')[0])).toEqual([
      'An unhandled exception has occurred while executing the request. StackExchange.Redis.RedisTimeoutException',
      'An unhandled exception has occurred while executing the request. System.InvalidOperationException',
    ]);
  });
});
