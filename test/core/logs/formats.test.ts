// Format detection and per-format parsing, on the shapes the issue names and the shared scenarios use.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { normalizeLevel } from '../../../src/core/logs/levels.js';

const REF = Date.parse('2025-03-04T12:00:00Z');

describe('detectFormat', () => {
  it.each([
    ['iso', ['2025-03-04T10:15:02.123Z ERROR [checkout] payment failed', '2025-03-04T10:15:03.000Z INFO [cart] ok']],
    ['python', ['2025-03-04 10:15:02,123 ERROR billing.app: boom', '2025-03-04 10:15:03,001 INFO billing.app: fine']],
    ['syslog', ['Mar  4 10:15:02 web1 sshd[4242]: Failed password for root', 'Mar  4 10:15:03 web1 cron[11]: job done']],
    ['json', ['{"time":"2025-03-04T10:15:02Z","level":"error","msg":"x"}', '{"ts":1741083302,"severity":"INFO","message":"y"}']],
    ['logfmt', ['time=2025-03-04T10:15:02Z level=error msg="db down" service=api', 'time=2025-03-04T10:15:03Z level=info msg=ok']],
    ['plain', ['just some words', 'and more words here']],
  ])('detects %s', (format, lines) => {
    expect(detectFormat(lines, REF)).toBe(format);
  });

  it('keeps python detection when stack traces make up many lines', () => {
    const lines = [
      '2025-03-04 10:15:02,123 ERROR billing.app: Unhandled error',
      'Traceback (most recent call last):',
      '  File "/app/x.py", line 3, in f',
      'ValueError: bad',
      '2025-03-04 10:15:03,123 INFO billing.app: ok',
    ];
    expect(detectFormat(lines, REF)).toBe('python');
  });
});

describe('parsers', () => {
  it('reads ISO text with bracketed service', () => {
    const h = parserFor('iso', REF)('2025-03-04T10:15:02.123Z ERROR [checkout] payment failed: card declined');
    expect(h).toEqual({ time: Date.parse('2025-03-04T10:15:02.123Z'), level: 'error', service: 'checkout', message: 'payment failed: card declined' });
  });

  it('maps python logger names to services and commas to milliseconds', () => {
    const h = parserFor('python', REF)('2025-03-04 10:15:02,123 WARNING billing.app: slow query took 812ms');
    expect(h).toEqual({ time: Date.parse('2025-03-04T10:15:02.123Z'), level: 'warn', service: 'billing', message: 'slow query took 812ms' });
  });

  it('reads python lines without a logger name', () => {
    const h = parserFor('python', REF)('2025-09-30 12:05:18 FATAL Unable to connect to database after 3 retries');
    expect(h?.level).toBe('fatal');
    expect(h?.service).toBeNull();
    expect(h?.message).toBe('Unable to connect to database after 3 retries');
  });

  it('reads syslog with the reference year and infers a level', () => {
    const h = parserFor('syslog', REF)('Mar  4 10:15:02 web1 sshd[4242]: error: connection refused');
    expect(h?.time).toBe(Date.parse('2025-03-04T10:15:02Z'));
    expect(h?.service).toBe('sshd');
    expect(h?.level).toBe('error');
  });

  it('reads JSON with @timestamp, severity and service', () => {
    const h = parserFor('json', REF)('{"@timestamp": "2025-03-18T18:02:00.902Z", "severity": "WARNING", "service": "orders", "message": "slow"}');
    expect(h).toEqual({
      time: Date.parse('2025-03-18T18:02:00.902Z'),
      level: 'warn',
      service: 'orders',
      message: 'slow',
      fields: { '@timestamp': '2025-03-18T18:02:00.902Z', severity: 'WARNING', service: 'orders', message: 'slow' },
    });
  });

  it('reads JSON epoch seconds and nested ECS fields', () => {
    const h = parserFor('json', REF)('{"ts": 1741083302.5, "log": {"level": "error"}, "service": {"name": "api"}, "msg": "x"}');
    expect(h?.time).toBe(1741083302500);
    expect(h?.level).toBe('error');
    expect(h?.service).toBe('api');
  });

  it('reads logfmt with quoted values', () => {
    const h = parserFor('logfmt', REF)('time=2025-03-04T10:15:02Z level=error service=api msg="db \\"main\\" down"');
    expect(h).toEqual({
      time: Date.parse('2025-03-04T10:15:02Z'),
      level: 'error',
      service: 'api',
      message: 'db "main" down',
      fields: { time: '2025-03-04T10:15:02Z', level: 'error', service: 'api', msg: 'db "main" down' },
    });
  });

  it('treats indented and Caused-by lines as continuations in plain files', () => {
    const parse = parserFor('plain', REF);
    expect(parse('    at com.x.Y.run(Y.java:10)')).toBeNull();
    expect(parse('Caused by: java.io.IOException: broken pipe')).toBeNull();
    expect(parse('ERROR something broke')?.level).toBe('error');
  });

  it('normalises level words and numbers', () => {
    expect(normalizeLevel('WARNING')).toBe('warn');
    expect(normalizeLevel('crit')).toBe('fatal');
    expect(normalizeLevel(50)).toBe('error');
    expect(normalizeLevel(3)).toBe('error');
    expect(normalizeLevel('banana')).toBe('unknown');
  });
});

describe('fast stamped parser', () => {
  const parse = parserFor('iso', REF);
  it.each([
    ['2025-03-04T10:15:02+01:00 WARN [api] x', Date.parse('2025-03-04T09:15:02Z'), 'warn', 'api', 'x'],
    ['2025-03-04T10:15:02.5Z [ERROR] api.web: boom', Date.parse('2025-03-04T10:15:02.500Z'), 'error', 'api', 'boom'],
    ['2025-03-04T10:15:02.123456Z - INFO - started', Date.parse('2025-03-04T10:15:02.123Z'), 'info', null, 'started'],
    ['2025-03-04T10:15:02Z GET /health 200', Date.parse('2025-03-04T10:15:02Z'), 'info', null, 'GET /health 200'],
    ['2025-03-04T10:15:02Z request failed: timeout', Date.parse('2025-03-04T10:15:02Z'), 'error', null, 'request failed: timeout'],
  ])('%s', (line, time, level, service, message) => {
    // Fields a head carries (hclog's logger) are hclog.test.ts' to check.
    const h = parse(line);
    expect(h && { time: h.time, level: h.level, service: h.service, message: h.message }).toEqual({ time, level, service, message });
  });

  it('reads python lines with a thread in brackets before a JVM logger as the thread: the logger is kept, no service', () => {
    // As `[main] org.apache.App - Created`: a service "main" would hide the one the file's name gives.
    expect(parserFor('python', REF)('2015-10-18 18:01:47,978 INFO [main] org.apache.App: Created')).toMatchObject({ level: 'info', service: null, message: 'Created', fields: { logger: 'org.apache.App' } });
    expect(parserFor('python', REF)('2015-10-18 18:01:47,978 INFO [main] Created: 3 regions')).toMatchObject({ level: 'info', service: 'main', message: 'Created: 3 regions' });
  });
});
