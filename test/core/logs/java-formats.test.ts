// Common Java log shapes whose logger must survive parsing: logback's `[thread] LEVEL logger - msg`, its time-only
// default pattern, and JBoss/WildFly's `LEVEL [category] (thread) msg`, each with a stack trace joining its entry.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor, type LogFormat } from '../../../src/core/logs/formats.js';
import { isJavaLogger, serviceFromLogger } from '../../../src/core/logs/logger-names.js';
import { parseClockTime } from '../../../src/core/logs/timestamps.js';
import { forEachEntry, fullEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { entryStep } from '../../../servers/logs/flow-steps.js';
import { tempDir } from '../../servers/logs/helpers.js';

const REF = Date.UTC(2023, 0, 29, 12);
const at = (clock: string) => Date.parse(`2023-01-29T${clock}Z`);

const LOGBACK = [
  '2023-01-29 10:49:16.611 [http-nio-8080-exec-1] INFO  c.a.travel.TravelServiceImpl - [query] get trip ok',
  '2023-01-29 10:49:16.902 [http-nio-8080-exec-2] ERROR c.a.travel.TravelServiceImpl - [query] get trip failed',
  'java.lang.IllegalStateException: trip G1234 not found',
  '\tat c.a.travel.TravelServiceImpl.query(TravelServiceImpl.java:88)',
  '\tat c.a.travel.TravelController.get(TravelController.java:41)',
  'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
  '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
  '\t... 42 common frames omitted',
  '2023-01-29 10:49:17.004 [http-nio-8080-exec-1] WARN  c.a.travel.TripCache - cache miss for G1234',
];

const LOGBACK_TIME_ONLY = [
  '10:49:16.611 [main] INFO  com.acme.cart.CartApplication - Started CartApplication in 3.2 seconds',
  '10:49:18.020 [main] ERROR com.acme.cart.CartService - cart failed',
  'java.lang.IllegalStateException: cart 42 is locked',
  '\tat com.acme.cart.CartService.checkout(CartService.java:120)',
  'Caused by: java.util.concurrent.TimeoutException: lock wait 5000 ms',
  '\tat com.acme.cart.Locks.acquire(Locks.java:33)',
  '\t... 7 more',
  '10:49:18.511 [pool-2-thread-1] WARN  com.acme.cart.Retry - retrying cart 42',
];

const JBOSS = [
  '2023-01-29 10:49:16,611 INFO  [org.jboss.as.server] (ServerService Thread Pool -- 40) WFLYSRV0010: Deployed "cart.war" (runtime-name : "cart.war")',
  '2023-01-29 10:49:17,100 ERROR [com.acme.cart.CartService] (default task-1) failed to load cart 42: java.lang.IllegalStateException: locked',
  '\tat com.acme.cart.CartService.load(CartService.java:57)',
  'Caused by: java.sql.SQLException: IJ031041: Connection handle has been closed and is unusable',
  '\tat org.jboss.jca.adapters.jdbc.WrappedConnection.lock(WrappedConnection.java:164)',
  '\t... 12 more',
  '2023-01-29 10:49:17,300 WARN  [checkout] (default task-2) slow checkout 2300 ms',
  '2023-01-29 10:49:17,400 ERROR [ts-travel2-service] payment refused',
];

// JBoss's console handler prints the time of day only.
const JBOSS_CONSOLE = [
  '10:49:16,611 INFO  [org.jboss.as.server] (ServerService Thread Pool -- 40) WFLYSRV0010: Deployed "cart.war"',
  '10:49:17,100 ERROR [com.acme.cart.CartService] (default task-1) failed to load cart 42',
  'java.lang.IllegalStateException: locked',
  '\tat com.acme.cart.CartService.load(CartService.java:57)',
  'Caused by: java.sql.SQLException: closed',
  '\t... 12 more',
  '10:49:17,300 WARN  [checkout] (default task-2) slow checkout',
];

type Seen = Pick<LogEntry, 'line' | 'time' | 'level' | 'service' | 'message' | 'continuation' | 'fields'>;

/** The file's entries as the logs tools read them (lazy: the byte shortcut first, as error_signatures reads). */
async function entries(lines: string[], lazy: boolean): Promise<{ format: LogFormat; entries: Seen[] }> {
  const file = path.join(tempDir(), 'app.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const format = detectFormat(lines, REF);
  const out: Seen[] = [];
  await forEachEntry(
    file,
    format,
    REF,
    (e) => {
      const f = fullEntry(e);
      out.push({ line: f.line, time: f.time, level: f.level, service: f.service, message: f.message, continuation: f.continuation, fields: f.fields });
    },
    { lazy },
  );
  return { format, entries: out };
}

describe.each([false, true])('Java log shapes as entries (lazy %s)', (lazy) => {
  it('logback `[thread] LEVEL logger - msg`: the logger is kept, the trace with its Caused by joins the entry', async () => {
    const { format, entries: es } = await entries(LOGBACK, lazy);
    expect(format).toBe('python');
    expect(es).toHaveLength(3);
    expect(es[0]).toEqual({ line: 1, time: at('10:49:16.611'), level: 'info', service: null, message: '[query] get trip ok', continuation: 0, fields: { logger: 'c.a.travel.TravelServiceImpl' } });
    expect(es[1]).toMatchObject({ line: 2, time: at('10:49:16.902'), level: 'error', service: null, continuation: 6, fields: { logger: 'c.a.travel.TravelServiceImpl' } });
    expect(es[1]!.message).toBe(`[query] get trip failed\n${LOGBACK.slice(2, 8).join('\n')}`);
    expect(es[2]).toMatchObject({ line: 9, level: 'warn', message: 'cache miss for G1234', fields: { logger: 'c.a.travel.TripCache' } });
  });

  it("logback's time-only default pattern: dated on the reference's day, the logger kept, the trace joined", async () => {
    const { format, entries: es } = await entries(LOGBACK_TIME_ONLY, lazy);
    expect(format).toBe('stamped');
    expect(es.map((e) => [e.line, e.time, e.level, e.service, e.fields?.logger])).toEqual([
      [1, at('10:49:16.611'), 'info', null, 'com.acme.cart.CartApplication'],
      [2, at('10:49:18.020'), 'error', null, 'com.acme.cart.CartService'],
      [8, at('10:49:18.511'), 'warn', null, 'com.acme.cart.Retry'],
    ]);
    expect(es[1]!.continuation).toBe(5);
    expect(es[1]!.message).toBe(`cart failed\n${LOGBACK_TIME_ONLY.slice(2, 7).join('\n')}`);
    expect(es[2]!.message).toBe('retrying cart 42');
  });

  it('JBoss `LEVEL [category] (thread) msg`: a class or Java package is the logger, a plain name stays the service', async () => {
    const { format, entries: es } = await entries(JBOSS, lazy);
    expect(format).toBe('python');
    expect(es).toHaveLength(4);
    expect(es[0]).toEqual({ line: 1, time: at('10:49:16.611'), level: 'info', service: null, message: 'WFLYSRV0010: Deployed "cart.war" (runtime-name : "cart.war")', continuation: 0, fields: { logger: 'org.jboss.as.server' } });
    expect(es[1]).toMatchObject({ line: 2, time: at('10:49:17.100'), level: 'error', service: null, continuation: 4, fields: { logger: 'com.acme.cart.CartService' } });
    expect(es[1]!.message).toBe(`failed to load cart 42: java.lang.IllegalStateException: locked\n${JBOSS.slice(2, 6).join('\n')}`);
    // A bracketed service keeps what follows it as it is: `(default task-2)` might be the message's own words.
    expect(es[2]).toEqual({ line: 7, time: at('10:49:17.300'), level: 'warn', service: 'checkout', message: '(default task-2) slow checkout 2300 ms', continuation: 0, fields: undefined });
    expect(es[3]).toMatchObject({ service: 'ts-travel2-service', message: 'payment refused' });
    expect(es[3]!.fields).toBeUndefined();
  });

  it("JBoss's time-only console lines", async () => {
    const { format, entries: es } = await entries(JBOSS_CONSOLE, lazy);
    expect(format).toBe('stamped');
    expect(es.map((e) => [e.line, e.time, e.level, e.service, e.fields?.logger, e.continuation])).toEqual([
      [1, at('10:49:16.611'), 'info', null, 'org.jboss.as.server', 0],
      [2, at('10:49:17.100'), 'error', null, 'com.acme.cart.CartService', 4],
      [7, at('10:49:17.300'), 'warn', 'checkout', undefined, 0],
    ]);
    expect(es[1]!.message).toBe(`failed to load cart 42\n${JBOSS_CONSOLE.slice(2, 6).join('\n')}`);
  });
});

describe('single Java heads', () => {
  const head = (line: string) => parserFor(detectFormat([line, line, line], REF), REF)(line);

  it('keeps the logger of logback lines with the level first, with or without the thread', () => {
    expect(head('2023-01-29 10:49:16.611 INFO [http-nio-8080-exec-1] c.a.travel.TravelServiceImpl - get trip')).toMatchObject({ service: null, message: 'get trip', fields: { logger: 'c.a.travel.TravelServiceImpl' } });
    expect(head('2023-01-29T10:49:16.611Z ERROR c.a.travel.TravelServiceImpl - get trip failed')).toMatchObject({ service: null, message: 'get trip failed', fields: { logger: 'c.a.travel.TravelServiceImpl' } });
  });

  it('reads a bracketed class as the logger in ISO lines too, and leaves the Nezha shape as it was', () => {
    expect(head('2023-01-29T10:49:16.611Z ERROR [com.acme.cart.CartService] (default task-1) failed')).toEqual({ time: at('10:49:16.611'), level: 'error', service: null, message: 'failed', fields: { logger: 'com.acme.cart.CartService' } });
    expect(head('2023-01-29T08:50:21.364893Z INFO [ts-contacts-service] c.c.ContactsController#83 [getAllContacts][Get All Contacts]')).toEqual({
      time: Date.parse('2023-01-29T08:50:21.364Z'),
      level: 'info',
      service: 'ts-contacts-service',
      message: 'c.c.ContactsController#83 [getAllContacts][Get All Contacts]',
    });
  });

  it('names one statement by the logger and the message words, whatever the values', () => {
    const a = head('2023-01-29 10:49:16.611 [http-nio-8080-exec-1] INFO  c.a.travel.TravelServiceImpl - [query] trip G1234 ok')!;
    const b = head('2023-01-29 10:49:19.100 [http-nio-8080-exec-7] INFO  c.a.travel.TravelServiceImpl - [query] trip D7 ok')!;
    const other = head('2023-01-29 10:49:19.100 [http-nio-8080-exec-7] INFO  c.a.travel.TripCache - [query] trip D7 ok')!;
    expect(entryStep(a).key).toBe(entryStep(b).key);
    expect(entryStep(a).key.startsWith('c.a.travel.TravelServiceImpl ')).toBe(true);
    expect(entryStep(other).key).not.toBe(entryStep(a).key);
  });
});

describe('JVM logger names in brackets', () => {
  it.each([
    ['com.acme.cart.CartService', true],
    ['c.a.t.TravelServiceImpl', true],
    ['com.acme.Outer$Inner', true],
    ['org.jboss.as.server', true],
    ['io.undertow.request', true],
    ['checkout', false],
    ['ts-travel2-service', false],
    ['billing.app', false],
    ['api.example.com', false],
    ['Main', false],
  ])('%s: %s', (name, java) => {
    expect(isJavaLogger(name)).toBe(java);
  });

  it('name no service for a class (serviceFromLogger)', () => {
    expect(serviceFromLogger('com.acme.cart.CartService')).toBeNull();
    expect(serviceFromLogger('billing.app')).toBe('billing');
  });
});

describe('a time of day without a date', () => {
  it("lands on the reference's day, or the day before when that is more than 12 h after the reference", () => {
    expect(parseClockTime(10, 49, 16, REF)).toBe(at('10:49:16'));
    expect(parseClockTime(23, 59, 0, REF)).toBe(at('23:59:00'));
    expect(parseClockTime(23, 59, 0, Date.UTC(2023, 0, 29, 2))).toBe(Date.parse('2023-01-28T23:59:00Z'));
    expect(parseClockTime(10, 49, 16, Date.UTC(2023, 0, 29))).toBe(at('10:49:16'));
    expect(parseClockTime(24, 0, 0, REF)).toBeNull();
  });

  it('is a stamp only when a blank or the end follows it', () => {
    const parse = parserFor('stamped', REF);
    expect(parse('10:49:16.611 [main] ERROR com.acme.cart.CartService - cart failed')?.time).toBe(at('10:49:16.611'));
    expect(parse('10:49:16x not a stamp')).toBeNull();
    expect(parse('1:49:16 not a stamp')).toBeNull();
  });
});
