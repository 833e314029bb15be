// Console and runtime shapes of other stacks: Tomcat's Catalina and PHP's `05-Dec-2026 01:42:00` stamps, Serilog's and
// logrus' level abbreviations, zap's tab-separated console columns, Rust tracing's module targets, Gin's request lines,
// Django's and werkzeug's access stamps, uvicorn's padding, Akka's month-first stamps, syslog without a hostname and
// java.util.logging's two-line records.
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../src/core/evidence.js';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';

const REF = Date.parse('2026-12-05T02:00:00Z');
const at = (iso: string) => Date.parse(iso);

type Head = [number | null, LogLevel, string | null, string, Record<string, unknown>?];
function heads(file: string, lines: string[]): Head[] {
  const parse = parserFor(detectFormat(lines, REF), REF, `/var/log/${file}`);
  return lines.map((l) => {
    const h = parse(l);
    expect(h, l).not.toBeNull();
    const f = h!.fields;
    return f && ('logger' in f || 'caller' in f) ? [h!.time, h!.level, h!.service, h!.message, { logger: f.logger, caller: f.caller }] : [h!.time, h!.level, h!.service, h!.message];
  });
}

describe('console shapes', () => {
  it('Tomcat: the day-month-year stamp; the thread is not the service, the class before the message is the logger', () => {
    expect(
      heads('tomcat.log', [
        '05-Dec-2026 01:40:00.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [1234] milliseconds',
        '05-Dec-2026 01:42:00.123 SEVERE [http-nio-8080-exec-1] org.apache.catalina.core.StandardWrapperValve.invoke Servlet.service() for servlet [dispatcher] threw exception',
      ]),
    ).toEqual([
      [at('2026-12-05T01:40:00.123Z'), 'info', 'tomcat', 'Server startup in [1234] milliseconds', { logger: 'org.apache.catalina.startup.Catalina', caller: undefined }],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'tomcat', 'Servlet.service() for servlet [dispatcher] threw exception', { logger: 'org.apache.catalina.core.StandardWrapperValve', caller: undefined }],
    ]);
  });

  it('PHP and PHP-FPM: bracketed day-month-year stamps, with or without UTC', () => {
    expect(
      heads('php-fpm.log', ['[05-Dec-2026 01:40:00] NOTICE: fpm is running, pid 1', '[05-Dec-2026 01:42:00] WARNING: [pool www] server reached pm.max_children setting (5)']),
    ).toEqual([
      [at('2026-12-05T01:40:00Z'), 'notice', 'php-fpm', 'fpm is running, pid 1'],
      // The pool is a field (php-fpm.test.ts), not words of the message.
      [at('2026-12-05T01:42:00Z'), 'warn', 'php-fpm', 'server reached pm.max_children setting (5)'],
    ]);
    expect(heads('shop.log', ['[05-Dec-2026 01:42:00 UTC] PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/db.php:12'])).toEqual([
      [at('2026-12-05T01:42:00Z'), 'error', 'shop', 'PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/db.php:12'],
    ]);
  });

  it("Serilog's console abbreviations: FTL is fatal and INF info whatever the words", () => {
    expect(heads('api.log', ['[01:40:00 INF] Request failed counter reset', '[01:42:00 ERR] Failed to process order 42', '[01:42:01 WRN] queue at 80 %', '[01:42:02 FTL] Host terminated unexpectedly'])).toEqual([
      [at('2026-12-05T01:40:00Z'), 'info', 'api', 'Request failed counter reset'],
      [at('2026-12-05T01:42:00Z'), 'error', 'api', 'Failed to process order 42'],
      [at('2026-12-05T01:42:01Z'), 'warn', 'api', 'queue at 80 %'],
      [at('2026-12-05T01:42:02Z'), 'fatal', 'api', 'Host terminated unexpectedly'],
    ]);
  });

  it("logrus' terminal output: the four-letter level, no time, the padded fields read and error= joined", () => {
    expect(
      heads('cart.log', ['INFO[0000] starting server                               port=8080', 'ERRO[0042] redis get failed                              error="connection refused" key=cart:7', 'FATA[0043] giving up']),
    ).toEqual([
      [null, 'info', 'cart', 'starting server'],
      [null, 'error', 'cart', 'redis get failed: connection refused'],
      [null, 'fatal', 'cart', 'giving up'],
    ]);
  });

  it("zap's console encoder: caller and logger columns out of the message, the JSON fields' error joined", () => {
    expect(
      heads('cart.log', [
        '2026-12-05T01:40:00.101Z\tINFO\tserver/main.go:42\tserving\t{"port": 8080}',
        '2026-12-05T01:42:00.123Z\tERROR\tcart/store.go:91\tredis get failed\t{"error": "dial tcp 10.0.0.5:6379: connect: connection refused"}',
        '2026-12-05T01:42:01.000Z\tWARN\tpayments.client\tclient/http.go:88\tretrying',
        '2026-12-05T01:42:02.000Z\tERROR\tno caller column\t{"error": "x"}',
      ]),
    ).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'cart', 'serving', { logger: undefined, caller: 'server/main.go:42' }],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'cart', 'redis get failed: dial tcp 10.0.0.5:6379: connect: connection refused', { logger: undefined, caller: 'cart/store.go:91' }],
      // zap's `Named("payments")` sub-logger is cart's own client of payments: cart.log is cart's process.
      [at('2026-12-05T01:42:01.000Z'), 'warn', 'cart', 'retrying', { logger: 'payments.client', caller: 'client/http.go:88' }],
      // Without a caller column (DisableCaller) the columns are left as they are, the separator tab aside.
      [at('2026-12-05T01:42:02.000Z'), 'error', 'cart', 'no caller column\t{"error": "x"}'],
    ]);
  });

  it("zap's console without a caller (controller-runtime operators): logger, message, then the JSON fields", () => {
    const line = '2026-12-05T01:42:00.339Z\tINFO\tscaleexecutor\tSuccessfully set ScaleTarget replicas count to ScaledObject minReplicaCount\t{"scaledobject.Name":"search-api","New Replicas Count":0}';
    const h = parserFor(detectFormat([line], REF), REF, '/var/log/keda-operator.log')(line);
    expect(h).toMatchObject({ level: 'info', service: 'keda-operator', message: 'Successfully set ScaleTarget replicas count to ScaledObject minReplicaCount' });
    expect(h!.fields).toMatchObject({ logger: 'scaleexecutor', 'scaledobject.Name': 'search-api', 'New Replicas Count': 0 });
  });

  it("Rust tracing: the module target is the logger, not part of the message", () => {
    expect(heads('cart-api.log', ['2026-12-05T01:40:00.123456Z  INFO cart_api::server: listening addr=0.0.0.0:8080', '2026-12-05T01:42:00.123456Z ERROR cart_api::db: pool timed out error=timeout'])).toEqual([
      [at('2026-12-05T01:40:00.123Z'), 'info', 'cart-api', 'listening addr=0.0.0.0:8080', { logger: 'cart_api::server', caller: undefined }],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'cart-api', 'pool timed out error=timeout', { logger: 'cart_api::db', caller: undefined }],
    ]);
  });

  it("Gin's request lines: time, the status as the level, method and path as the message; its debug lines undated", () => {
    expect(
      heads('cart.log', [
        '[GIN-debug] [WARNING] Running in "debug" mode. Switch to "release" mode in production.',
        '[GIN] 2026/12/05 - 01:40:00 | 200 |     1.2ms |    10.0.0.1 | GET      "/cart"',
        '[GIN] 2026/12/05 - 01:42:00 | 500 |   120.5ms |    10.0.0.1 | POST     "/cart/checkout"',
      ]),
    ).toEqual([
      [null, 'warn', 'cart', 'Running in "debug" mode. Switch to "release" mode in production.'],
      [at('2026-12-05T01:40:00Z'), 'info', 'cart', 'GET /cart 200'],
      [at('2026-12-05T01:42:00Z'), 'error', 'cart', 'POST /cart/checkout 500'],
    ]);
  });

  it('Django runserver and werkzeug: `[05/Dec/2026 01:42:00]` with a space and no zone', () => {
    expect(heads('web.log', ['[05/Dec/2026 01:40:00] "GET /cart HTTP/1.1" 200 145', '[05/Dec/2026 01:42:00] "GET /cart HTTP/1.1" 500 145'])).toEqual([
      [at('2026-12-05T01:40:00Z'), 'info', 'web', '"GET /cart HTTP/1.1" 200 145'],
      [at('2026-12-05T01:42:00Z'), 'error', 'web', '"GET /cart HTTP/1.1" 500 145'],
    ]);
    expect(heads('api.log', ['10.0.0.1 - - [05/Dec/2026 01:42:00] "GET /cart HTTP/1.1" 500 -'])).toEqual([[at('2026-12-05T01:42:00Z'), 'error', 'api', '"GET /cart HTTP/1.1" 500 -']]);
  });

  it("Akka's default logger: the month-first date is read; the thread and actor path are fields, not the service", () => {
    const lines = [
      '[INFO] [12/05/2026 01:40:00.123] [orders-akka.actor.default-dispatcher-2] [akka://orders/user] started',
      '[ERROR] [12/05/2026 01:42:00.5] [orders-akka.actor.default-dispatcher-5] [akka://orders/user/payments] Payment actor failed',
    ];
    expect(heads('orders.log', lines)).toEqual([
      [at('2026-12-05T01:40:00.123Z'), 'info', 'orders', 'started'],
      [at('2026-12-05T01:42:00.500Z'), 'error', 'orders', 'Payment actor failed'],
    ]);
    expect(parserFor('stamped', REF)(lines[1]!)?.fields).toEqual({ thread: 'orders-akka.actor.default-dispatcher-5', source: 'akka://orders/user/payments' });
  });

  it('syslog from a program that logs to the local socket: no hostname, so the tag is the service', () => {
    const line = '<134>Dec  5 01:42:00 haproxy[12]: 10.0.0.1:40000 [05/Dec/2026:01:42:00.123] web cart/cart1 0/0/-1/-1/3001 503 212 - - SC-- 1/1/0/0/3 0/0 "GET /cart HTTP/1.1"';
    const h = parserFor('syslog', REF)(line);
    // Its HTTP log is graded by the status: a 503 from a backend that refused the connection is an error.
    expect([h?.time, h?.level, h?.service, h?.message.slice(0, 15)]).toEqual([at('2026-12-05T01:42:00Z'), 'error', 'haproxy', '10.0.0.1:40000 ']);
    expect(parserFor('syslog', REF)(line.replace(' 503 ', ' 200 '))?.level).toBe('info');
    // With a hostname the tag still follows it.
    expect(parserFor('syslog', REF)('Dec  5 01:42:00 lb-1 haproxy[12]: Server cart/cart1 is DOWN')?.service).toBe('haproxy');
  });

  it("Python's basicConfig default `LEVEL:logger:message`: the logger is kept out of the message, root names nobody", () => {
    expect(heads('billing.log', ['ERROR:root:payment gateway refused connection', 'WARNING:billing.api:retrying charge 42: timeout'])).toEqual([
      [null, 'error', 'billing', 'payment gateway refused connection'],
      [null, 'warn', 'billing', 'retrying charge 42: timeout'],
    ]);
  });

  it("java.util.logging's two-line records: the date line dates the `SEVERE: msg` line under it, which carries the level", () => {
    const lines = [
      'Dec 05, 2026 1:40:00 AM com.shop.billing.InvoiceJob run',
      'INFO: invoice batch started',
      'Dec 05, 2026 1:42:00 PM com.shop.billing.PaymentClient charge',
      'SEVERE: payment gateway refused connection',
      'Dec 05, 2026 12:43:00 AM com.shop.billing.PaymentClient charge',
      'WARNING: retrying charge for order 42',
    ];
    // The date line is an entry below every level (where the record came from); the level line's own time is null
    // and the scan gives it the date line's, as to any undated entry.
    expect(heads('billing.log', lines)).toEqual([
      [at('2026-12-05T01:40:00Z'), 'trace', 'billing', 'com.shop.billing.InvoiceJob run'],
      [null, 'info', 'billing', 'invoice batch started'],
      [at('2026-12-05T13:42:00Z'), 'trace', 'billing', 'com.shop.billing.PaymentClient charge'],
      [null, 'error', 'billing', 'payment gateway refused connection'],
      [at('2026-12-05T00:43:00Z'), 'trace', 'billing', 'com.shop.billing.PaymentClient charge'],
      [null, 'warn', 'billing', 'retrying charge for order 42'],
    ]);
    // A file of `LEVEL: msg` lines alone keeps every level line an entry of its own, errors included.
    expect(heads('app.log', ['INFO: server started', 'INFO: listening on 8080', 'ERROR: db connection refused']).map((h) => h[1])).toEqual(['info', 'info', 'error']);
  });

  it("uvicorn: the padding after `INFO:` is not part of the message; an access line's 5xx is an error", () => {
    const lines = ['INFO:     10.0.0.1:5000 - "GET /cart HTTP/1.1" 200 OK', 'ERROR:    Exception in ASGI application', 'INFO:     10.0.0.1:5001 - "POST /cart/checkout HTTP/1.1" 500 Internal Server Error'];
    expect(heads('web.log', lines)).toEqual([
      [null, 'info', 'web', '10.0.0.1:5000 - "GET /cart HTTP/1.1" 200 OK'],
      [null, 'error', 'web', 'Exception in ASGI application'],
      [null, 'error', 'web', '10.0.0.1:5001 - "POST /cart/checkout HTTP/1.1" 500 Internal Server Error'],
    ]);
  });
});
