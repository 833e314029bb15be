// PHP-FPM's error log (pool and child as fields), its slowlog (one entry with its frames, worded by where the request
// was stuck) and nginx's error log in front of it (the fastcgi upstream a field; a unix socket is no host).
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-11-24T20:00:00Z');

describe('PHP-FPM', () => {
  it('reads its log: level, pool and child as fields, a slow request\'s script and duration', () => {
    const parse = parserFor('stamped', AT, '/var/log/php8.2-fpm.log');
    expect(parse('[24-Nov-2026 19:05:12] WARNING: [pool www] server reached pm.max_children setting (20), consider raising it')).toMatchObject({
      time: Date.parse('2026-11-24T19:05:12Z'),
      level: 'warn',
      message: 'server reached pm.max_children setting (20), consider raising it',
      fields: { pool: 'www' },
    });
    expect(parse('[24-Nov-2026 19:05:13] WARNING: [pool www] child 1234, script \'/var/www/html/public/index.php\' (request: "GET /index.php") executing too slow (5.012 sec), logging')).toMatchObject({
      level: 'warn',
      fields: { pool: 'www', pid: 1234, script: '/var/www/html/public/index.php', request: 'GET /index.php', duration_s: 5.012 },
    });
    expect(parse('[24-Nov-2026 19:05:14] NOTICE: child 1234 stopped for tracing')).toMatchObject({ level: 'notice', fields: { pid: 1234 } });
  });

  it('reads its slowlog: one warn entry per request, its frames under it, worded by the frame it was stuck in', async () => {
    const { format, entries } = await entriesOf('php-fpm-slow.log', [
      '',
      '[24-Nov-2026 19:05:12]  [pool www] pid 1234',
      'script_filename = /var/www/html/public/index.php',
      '[0x00007f3a2b4e8c50] curl_exec() /var/www/html/src/Shipping/RateClient.php:41',
      '[0x00007f3a2b4e8ba0] fetchRates() /var/www/html/src/Shipping/RateClient.php:27',
      '[0x00007f3a2b4e8af0] estimate() /var/www/html/src/Shipping/Estimate.php:19',
      '[0x00007f3a2b4e8a40] {main}() /var/www/html/public/index.php:51',
      '',
      '[24-Nov-2026 19:05:20]  [pool www] pid 1240',
      'script_filename = /var/www/html/public/index.php',
      '[0x00007f3a2b4e9c50] PDOStatement->execute() /var/www/html/src/Orders/Export.php:88',
      '[0x00007f3a2b4e9ba0] export() /var/www/html/src/Orders/Export.php:40',
    ], AT);
    expect(format).toBe('stamped');
    expect(entries.map((e) => [iso(e.time), e.level, e.message.split('\n')[0], e.fields])).toEqual([
      ['2026-11-24T19:05:12.000Z', 'warn', 'slow request in curl_exec() from fetchRates() from estimate() at RateClient.php:41', { pool: 'www', pid: 1234 }],
      ['2026-11-24T19:05:20.000Z', 'warn', 'slow request in PDOStatement->execute() from export() at Export.php:88', { pool: 'www', pid: 1240 }],
    ]);
    expect(entries[0]!.message.split('\n')).toHaveLength(6);
  });

  it("reads nginx's error log with the fastcgi upstream as a field", () => {
    const head = parserFor('stamped', AT)(
      '2026/11/24 19:05:12 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.1, server: shop, request: "GET /cart HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"',
    );
    expect(head).toMatchObject({ level: 'error', service: 'nginx', fields: { upstream: 'fastcgi://unix:/run/php/php8.2-fpm.sock:', request: 'GET /cart HTTP/1.1', client: '10.0.0.1' } });
  });
});
