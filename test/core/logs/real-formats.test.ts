// Real-world log shapes beyond the basic five: library JSON key sets (CLEF, zap, bunyan, pino, GELF, ECS,
// structlog, slog), Go `log`, journald/syslog prefixes, Spring Boot, logback, celery, access logs, level inference.
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorSignaturesResult, LogLevel, LogSource, SearchLogsResult } from '../../../src/core/evidence.js';
import { detectFormat, parserFor, type LogFormat } from '../../../src/core/logs/formats.js';
import { inferLevel } from '../../../src/core/logs/levels.js';
import { connect, tempDir } from '../../servers/logs/helpers.js';

const REF = Date.parse('2025-06-01T00:00:00Z');
const T = Date.parse('2025-04-22T07:16:00.898Z');
const T0 = Date.parse('2025-04-22T07:16:00Z');

type Expect = { time: number | null; level: LogLevel; service: string | null; message: string };
function head(format: LogFormat, line: string): Expect {
  const h = parserFor(format, REF)(line);
  expect(h, line).not.toBeNull();
  return { time: h!.time, level: h!.level, service: h!.service, message: h!.message };
}

describe('JSON key sets of common libraries', () => {
  it.each<[string, string, Expect]>([
    [
      'Serilog CLEF with @mt, @l and @x',
      '{"@t":"2025-04-22T07:16:00.898Z","@mt":"Reading {Path} from {Host} failed","Path":"/secret/db","Host":"vault.internal","@l":"Error","@x":"System.Net.Http.HttpRequestException: SSL failed\\n   at VaultClient.ReadAsync()","SourceContext":"config-service.Secrets"}',
      { time: T, level: 'error', service: 'config-service', message: 'Reading /secret/db from vault.internal failed\nSystem.Net.Http.HttpRequestException: SSL failed\n   at VaultClient.ReadAsync()' },
    ],
    [
      'CLEF without @l is Information; a .NET class context names no service',
      '{"@t":"2025-04-22T07:16:00.898Z","@m":"Request finished in 12.5 ms","SourceContext":"Microsoft.AspNetCore.Hosting.Diagnostics"}',
      { time: T, level: 'info', service: null, message: 'Request finished in 12.5 ms' },
    ],
    [
      'zap with epoch float ts, logger and error',
      '{"level":"error","ts":1745306160.898,"caller":"client/http.go:88","logger":"payments.client","msg":"upstream failed","error":"dial tcp 10.0.0.5:443: connect: connection refused"}',
      { time: T, level: 'error', service: 'payments', message: 'upstream failed: dial tcp 10.0.0.5:443: connect: connection refused' },
    ],
    [
      'bunyan with numeric level and name',
      '{"name":"checkout","hostname":"web-1","pid":12,"level":50,"msg":"charge failed","time":"2025-04-22T07:16:00.898Z","v":0}',
      { time: T, level: 'error', service: 'checkout', message: 'charge failed' },
    ],
    ['pino with epoch ms', '{"level":40,"time":1745306160898,"pid":1,"hostname":"h","name":"cart","msg":"slow upstream"}', { time: T, level: 'warn', service: 'cart', message: 'slow upstream' }],
    [
      "pino without a name, in a pod: the hostname is the pod's, its Deployment the service",
      '{"level":50,"time":1745306160898,"pid":1,"hostname":"checkout-7d9f8b5c4-x2x9z","msg":"payment failed"}',
      { time: T, level: 'error', service: 'checkout', message: 'payment failed' },
    ],
    ['pino on a host that is no pod names no service', '{"level":30,"time":1745306160898,"pid":1,"hostname":"web-3","msg":"ok"}', { time: T, level: 'info', service: null, message: 'ok' }],
    [
      "Fluent Bit's kubernetes record without a container name: the pod's workload",
      '{"time":"2025-04-22T07:16:00.898Z","log":"connection reset","kubernetes":{"pod_name":"ledger-0","namespace_name":"bank"}}',
      { time: T, level: 'info', service: 'ledger', message: 'connection reset' },
    ],
    ['logrus', '{"level":"warning","msg":"retrying","time":"2025-04-22T07:16:00Z"}', { time: T0, level: 'warn', service: null, message: 'retrying' }],
    [
      'structlog event and logger',
      '{"event":"carrier request failed","timestamp":"2025-04-22T07:16:00.898Z","level":"error","logger":"shipping.carriers","carrier":"ups"}',
      { time: T, level: 'error', service: 'shipping', message: 'carrier request failed' },
    ],
    [
      'GELF with syslog numeric level',
      '{"version":"1.1","host":"web-3","short_message":"Disk full on /var","timestamp":1745306160.898,"level":3,"_service":"uploader"}',
      { time: T, level: 'error', service: 'uploader', message: 'Disk full on /var' },
    ],
    [
      'ECS with dotted log.level and nested error',
      '{"@timestamp":"2025-04-22T07:16:00.898Z","log.level":"error","message":"query failed","service.name":"orders","error":{"message":"deadlock detected","stack_trace":"at a\\nat b"}}',
      { time: T, level: 'error', service: 'orders', message: 'query failed: deadlock detected\nat a\nat b' },
    ],
    [
      'ECS nested log object is not the message',
      '{"@timestamp":"2025-04-22T07:16:00.898Z","log":{"level":"warn","logger":"org.acme.Inv"},"message":"low stock","service":{"name":"inventory"}}',
      { time: T, level: 'warn', service: 'inventory', message: 'low stock' },
    ],
    [
      "Elasticsearch 8's ECS layout: its constant service.name is no service, its dataset names the product",
      '{"@timestamp":"2025-04-22T07:16:00.898Z", "log.level": "ERROR", "message":"failed to index", "ecs.version": "1.2.0","service.name":"ES_ECS","event.dataset":"elasticsearch.server","log.logger":"org.elasticsearch.action.bulk.TransportShardBulkAction"}',
      { time: T, level: 'error', service: 'elasticsearch', message: 'failed to index' },
    ],
    [
      ".NET's JSON console formatter: capitalised keys, the exception after the message, a class category names no service",
      '{"Timestamp":"2025-04-22T07:16:00.898Z","EventId":0,"LogLevel":"Error","Category":"Orders.Api.Data.OrderRepository","Message":"Failed to save order 43","Exception":"System.TimeoutException: Timeout during reading attempt","State":{"Message":"Failed to save order 43"}}',
      { time: T, level: 'error', service: null, message: 'Failed to save order 43\nSystem.TimeoutException: Timeout during reading attempt' },
    ],
    [
      "an OpenTelemetry log record: nanosecond time, severityText, body value, the resource's service.name",
      '{"timeUnixNano":"1745306160898000000","severityText":"WARN","body":{"stringValue":"retrying payment"},"resource":{"service.name":"checkout"}}',
      { time: T, level: 'warn', service: 'checkout', message: 'retrying payment' },
    ],
    [
      "Google Cloud Logging: a {seconds, nanos} timestamp and serviceContext's service",
      '{"severity":"ERROR","message":"db timeout","timestamp":{"seconds":1745306160,"nanos":898000000},"serviceContext":{"service":"orders"}}',
      { time: T, level: 'error', service: 'orders', message: 'db timeout' },
    ],
    ['Go slog JSON', '{"time":"2025-04-22T07:16:00.898Z","level":"ERROR","msg":"db down","component":"api"}', { time: T, level: 'error', service: 'api', message: 'db down' }],
    ['lvl and app keys', '{"t":"2025-04-22T07:16:00.898Z","lvl":"crit","app":"billing","message":"ledger mismatch"}', { time: T, level: 'fatal', service: 'billing', message: 'ledger mismatch' }],
    [
      'nginx JSON access log: no level, status 502 is an error',
      '{"time_local":"22/Apr/2025:07:16:00 +0000","remote_addr":"10.1.2.3","request":"GET /api/cart HTTP/1.1","status":502,"upstream_addr":"10.0.0.9:8080"}',
      { time: T0, level: 'error', service: null, message: 'GET /api/cart HTTP/1.1 502' },
    ],
    ['http.status_code 404 is a warning', '{"ts":"2025-04-22T07:16:00.898Z","msg":"handled","http":{"status_code":404}}', { time: T, level: 'warn', service: null, message: 'handled' }],
  ])('%s', (_name, line, want) => {
    expect(head('json', line)).toEqual(want);
  });

  it('zap caller positions do not name a service', () => {
    expect(head('json', '{"level":"info","ts":1745306160.898,"caller":"httpserver/log.go:31","msg":"served"}').service).toBeNull();
  });
});

describe('text formats', () => {
  it.each<[LogFormat, string, Expect]>([
    ['stamped', '2025/04/22 07:16:00.898000 GET /v1/locate status=200 dur=17ms', { time: T, level: 'info', service: null, message: 'GET /v1/locate status=200 dur=17ms' }],
    ['stamped', '2025/04/22 07:16:00 http: TLS handshake error from 10.0.0.1:5555: EOF', { time: T0, level: 'error', service: null, message: 'http: TLS handshake error from 10.0.0.1:5555: EOF' }],
    [
      'stamped',
      '2025/04/22 07:16:00.898000 panic: runtime error: invalid memory address or nil pointer dereference',
      { time: T, level: 'fatal', service: null, message: 'panic: runtime error: invalid memory address or nil pointer dereference' },
    ],
    ['stamped', '2025/04/22 07:16:00 [ERROR] rejected request for user 42', { time: T0, level: 'error', service: null, message: 'rejected request for user 42' }],
    [
      'stamped',
      "[2025-04-22 07:16:00] production.CRITICAL: Call to undefined method App\\Models\\Cart::totals() {\"userId\":7} []",
      { time: T0, level: 'fatal', service: null, message: 'Call to undefined method App\\Models\\Cart::totals() {"userId":7} []' },
    ],
    ['stamped', '[2025-04-22 07:16:00] local.INFO: Order placed {"order":42} []', { time: T0, level: 'info', service: null, message: 'Order placed {"order":42} []' }],
    [
      'stamped',
      '10.1.2.3 - - [22/Apr/2025:07:16:00 +0000] "GET /api/x HTTP/1.1" 503 197 "-" "curl/8.0"',
      { time: T0, level: 'error', service: null, message: '"GET /api/x HTTP/1.1" 503 197' },
    ],
    ['stamped', '10.1.2.3 - bob [22/Apr/2025:09:16:00 +0200] "POST /login HTTP/2.0" 429 12 "-" "ua"', { time: T0, level: 'warn', service: null, message: '"POST /login HTTP/2.0" 429 12' }],
    [
      'stamped',
      '[2025-04-22 07:16:00,898: ERROR/ForkPoolWorker-2] Task render[ab12] raised unexpected: MemoryError()',
      { time: T, level: 'error', service: null, message: 'Task render[ab12] raised unexpected: MemoryError()' },
    ],
    ['stamped', '[2025-04-22 07:16:00,898] [WARN] [pool-2-thread-1] c.a.partner.RateLimiter - limit exceeded', { time: T, level: 'warn', service: null, message: 'limit exceeded' }],
    ['stamped', '[2025-04-22 07:16:00,898] [ERROR] [main] mailer.smtp - mailbox full', { time: T, level: 'error', service: 'mailer', message: 'mailbox full' }],
    ['stamped', '04-22 07:16:00.898  1702  2395 E ActivityManager: ANR in com.acme.app', { time: T, level: 'error', service: 'ActivityManager', message: 'ANR in com.acme.app' }],
    ['stamped', '1745306160.898 ERROR worker crashed', { time: T, level: 'error', service: null, message: 'worker crashed' }],
    ['python', '2025-04-22 07:16:00.898 [main] ERROR c.a.ledger.FxService - fx lookup failed', { time: T, level: 'error', service: null, message: 'fx lookup failed' }],
    ['python', '2025-04-22 07:16:00,898 - billing.worker - ERROR - charge failed', { time: T, level: 'error', service: 'billing', message: 'charge failed' }],
    [
      'python',
      '2025-04-22 07:16:00.898  ERROR 1 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception',
      { time: T, level: 'error', service: null, message: 'Servlet.service() threw exception' },
    ],
    ['iso', '2025-04-22T07:16:00.898+00:00  WARN 1 --- [http-nio-8080-exec-8] c.a.ledger.web.AccessLog   : GET /x -> 200 in 80 ms', { time: T, level: 'warn', service: null, message: 'GET /x -> 200 in 80 ms' }],
    ['iso', '2025-04-22T07:16:00.898+00:00 ERROR 1 --- [ledger] [nio-8080-exec-1] c.a.ledger.FxService : NPE', { time: T, level: 'error', service: 'ledger', message: 'NPE' }],
    [
      'iso',
      '2025-04-22T07:16:00+0000 ip-10-0-0-1 systemd[1]: auth.service: Main process exited, code=exited, status=1/FAILURE',
      { time: T0, level: 'error', service: 'auth', message: 'auth.service: Main process exited, code=exited, status=1/FAILURE' },
    ],
    ['iso', '2025-04-22T07:16:00+0000 ip-10-0-0-1 auth[123]: time=2025-04-22T07:16:00.1Z level=WARN msg="login failed" user=u1', { time: T0, level: 'warn', service: 'auth', message: 'login failed' }],
    ['iso', '2025-04-22T07:16:00.898000+00:00 pricing-d337e pricing[1748]: INFO GET /prices 200 65ms', { time: T, level: 'info', service: 'pricing', message: 'GET /prices 200 65ms' }],
    // `LEVEL: msg` (winston's and many printf formats): the colon is the level's, not the message's.
    ['iso', '2025-04-22T07:16:00.898Z error: GET /cart 500 1017ms', { time: T, level: 'error', service: null, message: 'GET /cart 500 1017ms' }],
    ['python', '2025-04-22 07:16:00,898 WARNING: disk almost full', { time: T, level: 'warn', service: null, message: 'disk almost full' }],
    ['syslog', 'Apr 22 07:16:00 app-1 auth.service[123]: ERROR cannot open key', { time: T0, level: 'error', service: 'auth', message: 'cannot open key' }],
    ['syslog', 'Apr 22 07:16:00 app-1 profile-api[2112]: <warning> slow redis reply', { time: T0, level: 'warn', service: 'profile-api', message: 'slow redis reply' }],
    ['syslog', 'Apr 22 07:16:00 app-1 systemd[1]: Started auth.service - Auth API.', { time: T0, level: 'info', service: 'auth', message: 'Started auth.service - Auth API.' }],
    ['syslog', 'Apr 22 07:16:00 app-1 kernel: Out of memory: Killed process 4197 (java)', { time: T0, level: 'error', service: 'kernel', message: 'Out of memory: Killed process 4197 (java)' }],
    ['syslog', '<27>1 2025-04-22T07:16:00.898Z host app 123 ID47 - connection refused', { time: T, level: 'error', service: 'app', message: 'connection refused' }],
  ])('%s: %s', (format, line, want) => {
    expect(head(format, line)).toEqual(want);
  });

  it.each<[LogFormat, string[]]>([
    ['stamped', ['2025/04/22 07:16:00.898000 GET /a status=200', '2025/04/22 07:16:01 GET /b status=200']],
    ['stamped', ['[2025-11-18 14:57:04,924] [INFO] [indexer-6] c.a.indexer.BulkIndexer - indexed 940', '[2025-11-18 14:57:06,087] [WARN] [main] search.query - slow']],
    ['stamped', ['10.0.0.1 - - [22/Apr/2025:07:16:00 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"', '10.0.0.2 - - [22/Apr/2025:07:16:01 +0000] "GET /x HTTP/1.1" 404 5 "-" "ua"']],
    ['iso', ['2025-08-19T15:22:02+0000 ip-10-4-7-21 auth[1434]: time=x level=INFO msg=ok', '2025-08-19T15:22:03+0000 ip-10-4-7-21 auth[1434]: level=INFO msg=ok']],
    ['python', ['2025-11-28 06:17:11,349 - search.query - WARNING - slow query', '2025-11-28 06:17:13,978 - resizer.access - INFO - GET /img 200']],
  ])('detects %s', (format, lines) => {
    expect(detectFormat(lines, REF)).toBe(format);
  });
});

describe('levels inferred from content when a line has none', () => {
  it.each<[string, LogLevel]>([
    ['panic: runtime error: index out of range [3] with length 3', 'fatal'],
    ['fatal error: concurrent map writes', 'fatal'],
    ['Traceback (most recent call last):', 'error'],
    ['java.lang.OutOfMemoryError: Java heap space', 'error'],
    ['KeyError: sku', 'error'],
    ['container media-transcoder was OOMKilled (exit code 137)', 'error'],
    ['Memory cgroup out of memory: Killed process 4197', 'error'],
    ['worker 3 segfault at 0 ip 00007f', 'error'],
    ['time=2025-04-22T07:16:00Z level=warn msg="login failed"', 'warn'],
    ['"GET /api HTTP/1.1" 503 12', 'error'],
    ['GET /api/orders 404 3ms', 'warn'],
    ['GET /api/orders 200 3ms', 'info'],
    ['cache warmed in 3 s', 'info'],
  ])('%s -> %s', (text, level) => {
    expect(inferLevel(text)).toBe(level);
  });
});

describe('through the server', () => {
  const requests = Array.from({ length: 12 }, (_, i) => `2025/04/22 07:15:${String(40 + i).padStart(2, '0')}.100000 GET /v1/locate status=200 dur=1${i}ms`);
  const goLog = [
    ...requests,
    '2025/04/22 07:15:58.100000 GET /v1/locate status=200 dur=17ms',
    '2025/04/22 07:16:00.898000 panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6f1c2a]',
    '',
    'goroutine 7816 [running]:',
    'github.com/acme/geo/internal/resolve.(*Resolver).Nearby(0xc0001a2000, {0xc00038e0f0, 0xd})',
    '\t/src/internal/resolve/nearby.go:41 +0x8a',
    '2025/04/22 07:16:02.398000 geo-locator v1.12.0 starting on :8080 (pid 46)',
    'panic: unexpected nil config',
    '',
    'goroutine 1 [running]:',
    'main.main()',
    '\t/src/main.go:20 +0x1d',
  ].join('\n');

  it('keeps a Go panic and its goroutine stack as one fatal entry; an unstamped panic starts its own', async () => {
    const dir = tempDir({ 'geo.log': `${goLog}\n` });
    const { call } = await connect({ sources: [dir], at: Date.parse('2025-04-22T08:00:00Z') });
    const r = (await call('search_logs', { pattern: 'panic', level: 'fatal' })).json<SearchLogsResult>();
    expect(r.total).toBe(2);
    expect(r.matches[0]!.line).toBe(14);
    expect(r.matches[0]!.time).toBe('2025-04-22T07:16:00.898Z');
    expect(r.matches[0]!.message).toContain('goroutine 7816 [running]:');
    expect(r.matches[0]!.message).toContain('nearby.go:41');
    expect(r.matches[1]!.line).toBe(21);
    expect(r.matches[1]!.time).toBe('2025-04-22T07:16:02.398Z'); // inherited from the line above
    const src = (await call('list_sources')).json<{ sources: LogSource[] }>();
    expect(src.sources[0]!.format).toBe('plain');
    expect(src.sources[0]!.first_time).toBe('2025-04-22T07:15:40.100Z');
  });

  it('a panic written to stderr amid JSON lines is its own fatal entry with its stack', async () => {
    const json = Array.from({ length: 6 }, (_, i) => `{"time":"2025-04-22T07:16:0${i}Z","level":"info","msg":"served","service":"geo"}`);
    const text = [...json, 'panic: assignment to entry in nil map', '', 'goroutine 9 [running]:', 'main.handler(...)', '\t/src/main.go:12 +0x1d', json[0]!].join('\n');
    const dir = tempDir({ 'geo.json': `${text}\n` });
    const { call } = await connect({ sources: [dir] });
    const r = (await call('error_signatures', { min_level: 'error' })).json<ErrorSignaturesResult>();
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]!.level).toBe('fatal');
    expect(r.signatures[0]!.first_seen).toBe('2025-04-22T07:16:05.000Z');
    expect(r.signatures[0]!.example).toBe('panic: assignment to entry in nil map\ngoroutine 9 [running]:\nmain.handler(...)\n\t/src/main.go:12 +0x1d');
  });

  it('error_signatures keeps the raw example and adds example_fields for structured lines', async () => {
    const lines = [
      'ts=2025-04-22T07:16:00.100Z level=error service=gateway msg="upstream connect error" upstream=auth path=/auth/token status=503',
      'ts=2025-04-22T07:16:01.100Z level=error service=gateway msg="upstream connect error" upstream=auth path=/auth/login status=503',
      'ts=2025-04-22T07:16:02.100Z level=info service=gateway msg=proxied upstream=orders status=200',
    ];
    const json = '{"time":"2025-04-22T07:16:03Z","level":"error","msg":"lookup failed","backend":"es-7.search.internal","url":"http://es-7.search.internal:9200/_search"}';
    const dir = tempDir({ 'gw.log': `${lines.join('\n')}\n`, 'search.log': `${json}\n` });
    const { call } = await connect({ sources: [dir] });
    const r = (await call('error_signatures', {})).json<ErrorSignaturesResult>();
    type WithFields = ErrorSignaturesResult['signatures'][number] & { example_fields?: Record<string, string> };
    const sigs = r.signatures as WithFields[];
    const gw = sigs.find((s) => s.example === 'upstream connect error');
    expect(gw?.count).toBe(2);
    expect(gw?.example_fields).toEqual({ service: 'gateway', upstream: 'auth', path: '/auth/token', status: '503' });
    const es = sigs.find((s) => s.example === 'lookup failed');
    expect(es?.example_fields).toEqual({ backend: 'es-7.search.internal', url: 'http://es-7.search.internal:9200/_search' });
  });

  it('error_signatures keeps a Spring Boot line\'s key=value pairs beside the logger its head gives', async () => {
    const line = '2025-04-22 07:16:00.100 ERROR 1 --- [nio-8080-exec-1] c.a.p.PaymentService                     : charge failed order=7 region=eu';
    const { call } = await connect({ sources: [tempDir({ 'pay.log': `${line}\n` })] });
    const sig = (await call('error_signatures', {})).json<ErrorSignaturesResult>().signatures[0] as { example_fields?: Record<string, string> };
    expect(sig.example_fields).toEqual({ logger: 'c.a.p.PaymentService', order: '7', region: 'eu' });
  });

  it('dates yearless syslog stamps by the file mtime when that is before the reference', async () => {
    const dir = tempDir({ 'app.log': 'Dec 31 23:59:00 web-1 app[1]: ERROR late\nJan  1 00:01:00 web-1 app[1]: ERROR early\n' });
    const mtime = new Date('2025-01-01T00:05:00Z');
    utimesSync(path.join(dir, 'app.log'), mtime, mtime);
    const { call } = await connect({ sources: [dir], at: Date.parse('2025-09-01T00:00:00Z') });
    const r = (await call('search_logs', { pattern: 'ERROR' })).json<SearchLogsResult>();
    expect(r.matches.map((m) => m.time)).toEqual(['2024-12-31T23:59:00.000Z', '2025-01-01T00:01:00.000Z']);
  });
});
