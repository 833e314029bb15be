// IIS's W3C extended log in its default fields: read with its UTC time, a level from sc-status and the request as the
// message; before, the line's words gave most lines a wrong level and its 500s were no errors at all.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { serviceOfLogFile } from '../../../src/core/logs/file-service.js';

const REF = Date.parse('2026-11-03T09:00:00Z');
const HEADER = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2026-11-03 07:02:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
];
const line = (status: number, uri = '/invoices', query = '-', ms = 181) =>
  `2026-11-03 08:31:07 10.0.4.21 GET ${uri} ${query} 443 - 203.0.113.171 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - ${status} 0 0 ${ms}`;

describe('IIS W3C log', () => {
  const sample = [...HEADER, line(200), line(500, '/invoices/details', 'id=4411', 15012), line(404, '/favicon.ico'), line(200, '/payments')];
  const parse = parserFor(detectFormat(sample, REF), REF, 'C:/inetpub/logs/LogFiles/W3SVC1/u_ex261103.log');

  it('reads the time as UTC, a 5xx as an error, a 4xx as a warning, a 2xx as info', () => {
    expect(parse(line(500, '/invoices/details', 'id=4411', 15012))).toMatchObject({
      time: Date.parse('2026-11-03T08:31:07Z'),
      level: 'error',
      service: null,
      message: '"GET /invoices/details" 500.0 (win32 0)',
      fields: { path: '/invoices/details?id=4411', status: 500, time_taken_ms: 15012, client: '203.0.113.171' },
    });
    expect(parse(line(404, '/favicon.ico'))?.level).toBe('warn');
    expect(parse(line(200))?.level).toBe('info');
  });

  it("names no service from IIS's date-named files, whose site is a folder up", () => {
    expect(serviceOfLogFile('C:/inetpub/logs/LogFiles/W3SVC1/u_ex261103.log')).toBeNull();
  });

  it('leaves a Python logging line with the same head to its own reader', () => {
    const py = '2026-11-03 08:31:07,123 ERROR billing.app: charge failed after 3';
    expect(parserFor(detectFormat([py], REF), REF)(py)).toMatchObject({ level: 'error', service: 'billing', message: 'charge failed after 3' });
  });
});

describe("a log file named after a .NET or Java project", () => {
  it('gives the service in kebab case, as its repository and Kubernetes objects spell it', () => {
    expect(serviceOfLogFile('logs/BillingPortal-20261103.log')).toBe('billing-portal');
    expect(serviceOfLogFile('OrderService.log')).toBe('order-service');
    // Already lower or a single word: as before.
    expect(serviceOfLogFile('billing-2025-02-20.log.gz')).toBe('billing');
    expect(serviceOfLogFile('Payments.log')).toBe('payments');
  });
});
