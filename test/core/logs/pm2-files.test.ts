// PM2's per-app files with `--time` (`~/.pm2/logs/checkout-error.log`, `checkout-out.log`): each raw stdout or stderr
// line after a `2026-12-14T18:05:01: ` stamp. The stamp dates the line and the file names the app, not `checkout-error`.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { leadingTime } from '../../../src/core/logs/leading-time.js';
import { serviceOfLogFile } from '../../../src/core/logs/file-service.js';

const REF = Date.parse('2026-12-14T18:30:00Z');

describe("PM2's --time files", () => {
  const errorLines = [
    '2026-12-14T18:04:58: (node:1) Warning: address lookup for analytics-collector took 1867 ms',
    '2026-12-14T18:05:01: place order failed for cart ed91101d64: AxiosError: timeout of 1000ms exceeded',
    '2026-12-14T18:05:01:     at RedirectableRequest.handleRequestTimeout (/app/node_modules/axios/dist/node/axios.cjs:3196:16)',
  ];

  it('date each line by the stamp before its `: `', () => {
    const parse = parserFor(detectFormat(errorLines, REF), REF, '/root/.pm2/logs/checkout-error.log');
    const h = parse(errorLines[1]!);
    expect(h).toMatchObject({ time: Date.parse('2026-12-14T18:05:01Z'), level: 'error', service: 'checkout' });
    expect(h!.message).toBe('place order failed for cart ed91101d64: AxiosError: timeout of 1000ms exceeded');
    const out = parserFor('stamped', REF, '/root/.pm2/logs/checkout-out.log')('2026-12-14T18:05:00: GET /api/cart 200 64 ms');
    expect(out).toMatchObject({ time: Date.parse('2026-12-14T18:05:00Z'), service: 'checkout', message: 'GET /api/cart 200 64 ms' });
  });

  it('take no colon run into the time as a separator', () => {
    expect(leadingTime('2026-12-14T18:05:01:123 x', REF)).toBeNull();
    expect(leadingTime('2026-12-14T18:05:01 x', REF)?.rest).toBe('x');
  });

  it('name the app, not its stream', () => {
    expect(serviceOfLogFile('/root/.pm2/logs/checkout-error.log')).toBe('checkout');
    expect(serviceOfLogFile('checkout-out.log')).toBe('checkout');
    expect(serviceOfLogFile('orders_stderr.log')).toBe('orders');
    expect(serviceOfLogFile('error.log')).toBeNull();
    expect(serviceOfLogFile('scout.log')).toBe('scout');
  });
});
