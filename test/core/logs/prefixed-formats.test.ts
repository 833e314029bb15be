// More real-world shapes: klog/glog, Ruby Logger/Rails, .NET console, gunicorn, Flask, Heroku router and Log4j2 JSON:
// time, level and service per line, format detection, and continuation lines grouped through the server.
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogLevel, LogSource, SearchLogsResult } from '../../../src/core/evidence.js';
import { detectFormat, parserFor, type LogFormat } from '../../../src/core/logs/formats.js';
import { connect, tempDir } from '../../servers/logs/helpers.js';

const REF = Date.parse('2026-07-04T00:00:00Z');
const KT = Date.parse('2026-05-19T03:41:02.123Z');
const RT = Date.parse('2026-07-03T15:22:51.863Z');

type Expect = { time: number | null; level: LogLevel; service: string | null; message: string };
function head(format: LogFormat, line: string): Expect {
  const h = parserFor(format, REF)(line);
  expect(h, line).not.toBeNull();
  return { time: h!.time, level: h!.level, service: h!.service, message: h!.message };
}

const KLOG = [
  'I0519 03:41:01.998812       1 controller.go:123] "Starting" logger="order-router.reconciler" workers=4',
  'W0519 03:41:02.004417       1 reflector.go:539] failed to list *v1.Endpoints: connection refused',
  'E0519 03:41:02.123456       1 resolver.go:88] lookup payments.internal on 10.96.0.10:53: no such host',
  'F0519 03:41:05.000001       1 main.go:41] unable to start: context deadline exceeded',
  'goroutine 1 [running]:',
  'main.main()',
  '\t/src/main.go:41 +0x1d',
];

const RAILS = [
  'I, [2026-07-03T15:22:50.001002 #3158]  INFO -- : [43b7bde7] Started POST "/cart/items" for 10.1.2.3 at 2026-07-03 15:22:50 +0000',
  'E, [2026-07-03T15:22:51.863041 #3158] ERROR -- : [43b7bde7] ActionView::Template::Error (undefined method `price\' for nil):',
  '    app/views/cart/_item.html.erb:12',
  "    app/controllers/cart_controller.rb:8:in `create'",
  'I, [2026-07-03T15:22:51.863041 #3158]  INFO -- puma: Puma stats: workers=4 running=16 max_threads=16 pool_capacity=0 backlog=37',
  'W, [2026-07-03T15:22:52.100000 #3160]  WARN -- sidekiq.fetch: retrying job 9f1 in 30s',
];

const DOTNET = [
  'info: Microsoft.Hosting.Lifetime[14]',
  '      Now listening on: http://[::]:8080',
  'fail: Microsoft.AspNetCore.Server.Kestrel[13]',
  '      Connection id "0HN4T1", Request id "0HN4T1:00000001": An unhandled exception was thrown by the application.',
  '      System.InvalidOperationException: Sequence contains no elements',
  '         at System.Linq.ThrowHelper.ThrowNoElementsException()',
  'warn: Microsoft.EntityFrameworkCore.Query[20504]',
  '      Compiling a query which loads related collections without QuerySplittingBehavior.',
];

describe('level-first and untimed shapes', () => {
  it.each<[string, LogFormat, string, Expect]>([
    ['klog error with file:line', 'stamped', KLOG[2]!, { time: KT, level: 'error', service: null, message: 'lookup payments.internal on 10.96.0.10:53: no such host' }],
    [
      'structured klog: logger= names the service',
      'stamped',
      KLOG[0]!,
      { time: Date.parse('2026-05-19T03:41:01.998Z'), level: 'info', service: 'order-router', message: 'Starting' },
    ],
    [
      'structured klog: err= joins the message as in logfmt',
      'stamped',
      'E0519 03:41:02.123456       1 stock_client.go:88] "reserve stock failed" err="Post \\"http://stock-svc:8080/v1/reserve\\": dial tcp: lookup stock-svc on 10.96.0.10:53: no such host" order=73488bd0',
      { time: KT, level: 'error', service: null, message: 'reserve stock failed: Post "http://stock-svc:8080/v1/reserve": dial tcp: lookup stock-svc on 10.96.0.10:53: no such host' },
    ],
    ['klog fatal', 'stamped', KLOG[3]!, { time: Date.parse('2026-05-19T03:41:05.000Z'), level: 'fatal', service: null, message: 'unable to start: context deadline exceeded' }],
    ['klog with a logger in place of the file', 'stamped', 'W0519 03:41:02.123456 1 audit.sink] audit sink buffer 70% full', { time: KT, level: 'warn', service: 'audit', message: 'audit sink buffer 70% full' }],
    ['glog with a year', 'stamped', 'E20250519 03:41:02.123456  4711 rpc_client.cc:212] RPC to shard-3 failed: DEADLINE_EXCEEDED', { time: Date.parse('2025-05-19T03:41:02.123Z'), level: 'error', service: null, message: 'RPC to shard-3 failed: DEADLINE_EXCEEDED' }],
    ['Ruby Logger without progname', 'stamped', 'E, [2026-07-03T15:22:51.863041 #3158] ERROR -- : message', { time: RT, level: 'error', service: null, message: 'message' }],
    ['Ruby Logger progname is the service', 'stamped', 'I, [2026-07-03T15:22:51.863041 #3158]  INFO -- progname: message', { time: RT, level: 'info', service: 'progname', message: 'message' }],
    ['Ruby dotted progname', 'stamped', RAILS[5]!, { time: Date.parse('2026-07-03T15:22:52.100Z'), level: 'warn', service: 'sidekiq', message: 'retrying job 9f1 in 30s' }],
    ['Ruby FATAL', 'stamped', 'F, [2026-07-03T15:22:51.863041 #1] FATAL -- : Errno::ENOSPC', { time: RT, level: 'fatal', service: null, message: 'Errno::ENOSPC' }],
    ['.NET fail head', 'stamped', DOTNET[2]!, { time: null, level: 'error', service: null, message: 'Microsoft.AspNetCore.Server.Kestrel[13]' }],
    ['.NET crit with an app namespace', 'stamped', 'crit: orders.Worker[0]', { time: null, level: 'fatal', service: 'orders', message: 'orders.Worker[0]' }],
    [
      '.NET with a TimestampFormat',
      'stamped',
      '2026-07-03 15:22:51 warn: Microsoft.AspNetCore.HttpsPolicy[3]',
      { time: Date.parse('2026-07-03T15:22:51Z'), level: 'warn', service: null, message: 'Microsoft.AspNetCore.HttpsPolicy[3]' },
    ],
    ['Flask default', 'stamped', '[2026-07-03 15:22:51,863] ERROR in app: Exception on /checkout [POST]', { time: RT, level: 'error', service: null, message: 'Exception on /checkout [POST]' }],
    [
      'gunicorn',
      'stamped',
      '[2026-07-03 15:22:51 +0200] [3158] [CRITICAL] WORKER TIMEOUT (pid:3160)',
      { time: Date.parse('2026-07-03T13:22:51Z'), level: 'fatal', service: null, message: 'WORKER TIMEOUT (pid:3160)' },
    ],
    ['gunicorn info', 'stamped', '[2026-07-03 15:22:51 +0000] [3158] [INFO] Booting worker with pid: 3160', { time: Date.parse('2026-07-03T15:22:51Z'), level: 'info', service: null, message: 'Booting worker with pid: 3160' }],
  ])('%s', (_name, format, line, want) => {
    expect(head(format, line)).toEqual(want);
  });

  it('a klog line does not pass for a glog one when the date is impossible', () => {
    expect(parserFor('stamped', REF)('I1399 03:41:02.123456 1 x.go:1] nope')).toBeNull();
  });

  it.each<[string, string[]]>([
    ['klog', KLOG],
    ['Rails', RAILS],
    ['.NET console', DOTNET],
    ['gunicorn', ['[2026-07-03 15:22:51 +0000] [1] [INFO] Starting gunicorn 22.0.0', '[2026-07-03 15:22:51 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)']],
  ])('detects %s as stamped (reported plain) with continuation lines', (_name, lines) => {
    expect(detectFormat(lines, REF)).toBe('stamped');
  });
});

describe('Heroku router and Log4j2 JSON', () => {
  const H12 =
    '2026-07-03T15:22:51.863041+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=POST path="/checkout" host=shop.herokuapp.com request_id=8601b555 fwd="204.204.204.204" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=https';
  it.each<[string, string, Expect]>([
    ['router error: at= grades it, router is the service (not service=30000ms)', H12, { time: RT, level: 'error', service: 'router', message: H12.slice(H12.indexOf('at=')) }],
    [
      'router at=info with a 503 is an error',
      '2026-07-03T15:22:51.863041+00:00 heroku[router]: at=info method=GET path="/" host=shop.herokuapp.com dyno=web.2 connect=1ms service=5ms status=503 bytes=0',
      { time: RT, level: 'error', service: 'router', message: 'at=info method=GET path="/" host=shop.herokuapp.com dyno=web.2 connect=1ms service=5ms status=503 bytes=0' },
    ],
    ['platform notice keeps its wording', '2026-07-03T15:22:51.863041+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)', { time: RT, level: 'error', service: 'web', message: 'Error R14 (Memory quota exceeded)' }],
    ['app dyno line', '2026-07-03T15:22:51.863041+00:00 app[worker.3]: WARN queue depth 5000', { time: RT, level: 'warn', service: 'worker', message: 'queue depth 5000' }],
  ])('%s', (_name, line, want) => {
    expect(head('iso', line)).toEqual(want);
  });

  it('Log4j2 JsonLayout: instant, loggerName and thrown as a stack trace', () => {
    const line =
      '{"instant":{"epochSecond":1783092171,"nanoOfSecond":863041000},"thread":"http-nio-8080-exec-3","level":"ERROR","loggerName":"orders.payment.Client","message":"charge failed","thrown":{"commonElementCount":0,"localizedMessage":"Read timed out","message":"Read timed out","name":"java.net.SocketTimeoutException","extendedStackTrace":[{"class":"java.net.SocketInputStream","method":"socketRead0","file":"SocketInputStream.java","line":-2},{"class":"orders.payment.Client","method":"charge","file":"Client.java","line":88}]},"endOfBatch":false,"loggerFqcn":"org.apache.logging.log4j.spi.AbstractLogger","threadId":31,"threadPriority":5}';
    expect(head('json', line)).toEqual({
      time: RT,
      level: 'error',
      service: 'orders',
      message: 'charge failed\njava.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.socketRead0(SocketInputStream.java:-2)\n\tat orders.payment.Client.charge(Client.java:88)',
    });
    expect(head('json', '{"timeMillis":1783092171863,"thread":"main","level":"WARN","loggerName":"com.acme.Cache","message":"evicting"}')).toEqual({ time: RT, level: 'warn', service: null, message: 'evicting' });
  });
});

describe('through the server', () => {
  it('klog: yearless stamps dated by the file, the fatal entry keeps its goroutine stack', async () => {
    const dir = tempDir({ 'router.log': `${KLOG.join('\n')}\n` });
    const mtime = new Date('2026-05-19T04:00:00Z');
    utimesSync(path.join(dir, 'router.log'), mtime, mtime);
    const { call } = await connect({ sources: [dir], at: Date.parse('2026-09-01T00:00:00Z') });
    const r = (await call('search_logs', { pattern: 'unable to start', level: 'fatal' })).json<SearchLogsResult>();
    expect(r.total).toBe(1);
    expect(r.matches[0]!.time).toBe('2026-05-19T03:41:05.000Z');
    expect(r.matches[0]!.message).toBe('unable to start: context deadline exceeded\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:41 +0x1d');
    const src = (await call('list_sources')).json<{ sources: LogSource[] }>();
    expect(src.sources[0]!.first_time).toBe('2026-05-19T03:41:01.998Z');
  });

  it('Rails: the backtrace stays with its ERROR entry; progname is the service', async () => {
    const dir = tempDir({ 'production.log': `${RAILS.join('\n')}\n` });
    const { call } = await connect({ sources: [dir], at: REF });
    const err = (await call('search_logs', { pattern: 'Template::Error', level: 'error' })).json<SearchLogsResult>();
    expect(err.matches.map((m) => [m.line, m.time, m.message.split('\n').length])).toEqual([[2, '2026-07-03T15:22:51.863Z', 3]]);
    const puma = (await call('search_logs', { pattern: 'Puma stats', service: 'puma' })).json<SearchLogsResult>();
    expect(puma.matches.map((m) => m.line)).toEqual([5]);
  });

  it('.NET console: the indented message lines belong to their head', async () => {
    const dir = tempDir({ 'api.log': `${DOTNET.join('\n')}\n` });
    const { call } = await connect({ sources: [dir], at: REF });
    const r = (await call('search_logs', { pattern: 'Sequence contains no elements' })).json<SearchLogsResult>();
    expect(r.matches.map((m) => [m.line, m.level])).toEqual([[3, 'error']]);
    expect(r.matches[0]!.message).toContain('An unhandled exception was thrown');
    const all = (await call('search_logs', { pattern: '/./' })).json<SearchLogsResult>();
    expect(all.total).toBe(3);
  });
});
