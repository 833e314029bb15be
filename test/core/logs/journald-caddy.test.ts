// journald's JSON export (`journalctl -o json`: microsecond time, PRIORITY, the systemd unit) and Caddy's access log
// (a generic msg with a nested request, an `http.log.access` logger): read as records with the right time, level and service.
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../src/core/evidence.js';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { normalizeLevel } from '../../../src/core/logs/levels.js';

const REF = Date.parse('2026-12-05T02:00:00Z');

type Head = { time: number | null; level: LogLevel; service: string | null; message: string };
function head(line: string): Head {
  const parse = parserFor(detectFormat([line], REF), REF);
  const h = parse(line);
  expect(h, line).not.toBeNull();
  return { time: h!.time, level: h!.level, service: h!.service, message: h!.message };
}

/** A journald record as `journalctl -o json` writes it: every value a string. */
const journald = (fields: Record<string, string>) =>
  JSON.stringify({ __REALTIME_TIMESTAMP: '1790894218546822', PRIORITY: '3', _SYSTEMD_UNIT: 'checkout.service', SYSLOG_IDENTIFIER: 'checkout', MESSAGE: 'payment failed', ...fields });

describe('journald JSON export', () => {
  it('reads the microsecond time, the syslog priority, the unit as the service and MESSAGE', () => {
    const h = head(journald({}));
    // 1790894218546822 µs is 1790894218546.822 ms, rounded to the nearest millisecond.
    expect(h).toEqual({ time: 1790894218547, level: 'error', service: 'checkout', message: 'payment failed' });
  });

  it('strips the unit type and instance from the service name', () => {
    expect(head(journald({ _SYSTEMD_UNIT: 'worker@2.service', SYSLOG_IDENTIFIER: 'worker', MESSAGE: 'job done', PRIORITY: '6' })).service).toBe('worker');
    // The unit alone, with no identifier to fall back on.
    expect(head('{"__REALTIME_TIMESTAMP":"1790894218546822","PRIORITY":"6","_SYSTEMD_UNIT":"worker@2.service","MESSAGE":"job done"}').service).toBe('worker');
  });

  it("names a container by CONTAINER_NAME and a session's or runtime's line by the program, not by the unit", () => {
    // Docker's journald log driver: every container's line comes from docker.service.
    expect(head(journald({ _SYSTEMD_UNIT: 'docker.service', CONTAINER_NAME: 'cart', SYSLOG_IDENTIFIER: 'dockerd' })).service).toBe('cart');
    expect(head(journald({ _SYSTEMD_UNIT: 'session-3.scope', SYSLOG_IDENTIFIER: 'backup.sh' })).service).toBe('backup.sh');
    expect(head(journald({ _SYSTEMD_UNIT: 'containerd.service', SYSLOG_IDENTIFIER: 'containerd' })).service).toBe('containerd');
  });

  it.each<[string, LogLevel]>([
    ['3', 'error'],
    ['4', 'warn'],
    ['6', 'info'],
  ])('PRIORITY "%s" is %s', (priority, level) => {
    expect(head(journald({ PRIORITY: priority, MESSAGE: 'state changed' })).level).toBe(level);
  });
});

describe('numeric level strings', () => {
  it('reads "level":"50" as error, the same as the number 50', () => {
    const h = head('{"level":"50","time":"2026-12-05T01:42:00.000Z","name":"cart","msg":"charge declined"}');
    expect(h).toMatchObject({ level: 'error', service: 'cart', message: 'charge declined' });
    expect(normalizeLevel('50')).toBe(normalizeLevel(50));
    expect(normalizeLevel('4')).toBe('warn');
  });
});

describe("Caddy's access log", () => {
  const access =
    '{"level":"error","ts":1771312502.039,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"198.51.100.100","method":"POST","host":"login.example.com","uri":"/api/login"},"duration":5.002,"status":504}';

  it('adds the nested request and its status to the generic "handled request"', () => {
    const h = head(access);
    expect(h.time).toBe(1771312502039);
    expect(h.level).toBe('error');
    expect(h.message).toMatch(/^handled request\b/);
    expect(h.message).toContain('POST /api/login');
    expect(h.message).toContain('504');
  });

  it("names no service from the server's own subsystem loggers", () => {
    expect(head(access).service).not.toBe('http');
    expect(head(access).service).toBeNull();
    const tls = head('{"level":"error","ts":1771312502.039,"logger":"tls.obtain","msg":"could not get certificate from issuer","identifier":"login.example.com"}');
    expect(tls.service).not.toBe('tls');
    expect(tls.service).toBeNull();
  });

  it('leaves a message that says what failed alone, whatever request fields it carries', () => {
    const h = head('{"level":"error","ts":1771312502.039,"logger":"payments.client","msg":"payment failed","request":{"method":"POST","uri":"/api/pay"},"status":502}');
    expect(h.message).toBe('payment failed');
    expect(h.service).toBe('payments');
  });
});
