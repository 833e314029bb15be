// list_sources names the program whose layout a file is in (`dialect`) where its parsers know it, next to the format.
import { describe, expect, it } from 'vitest';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2026-11-24T20:00:00Z');

describe('list_sources dialect', () => {
  it('names NestJS, PostgreSQL, mongod, uWSGI, the PHP-FPM slowlog, hclog and Kong; a generic file has none', async () => {
    const dir = tempDir({
      'orders-api.log': '[Nest] 19  - 11/24/2026, 7:05:12\u202fPM     LOG [NestApplication] Nest application successfully started\n[Nest] 19  - 11/24/2026, 7:05:13\u202fPM   ERROR [OrdersService] payment provider timed out\n',
      'postgresql-Tue.log': '2026-11-24 19:05:12.345 UTC [4242] shop@shop app=orders-api LOG:  duration: 1203.5 ms  statement: SELECT 1\n2026-11-24 19:05:13.000 UTC [88] LOG:  checkpoint starting: time\n',
      'mongod.log': '{"t":{"$date":"2026-11-24T19:05:12.000+00:00"},"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted","attr":{"remote":"10.4.2.20:54864"}}\n',
      'reports-web.log': '[pid: 12|app: 0|req: 4/87] 10.0.0.1 () {38 vars in 612 bytes} [Tue Nov 24 19:05:12 2026] GET /exports/42 => generated 0 bytes in 30012 msecs (HTTP/1.1 502) 2 headers in 73 bytes (1 switches on core 0)\n',
      'php-fpm-slow.log': '\n[24-Nov-2026 19:05:12]  [pool www] pid 1234\nscript_filename = /var/www/html/public/index.php\n[0x00007f3a2b4e8c50] curl_exec() /var/www/html/src/Rates.php:41\n',
      'payouts.log': '2026-11-24T19:05:12.000Z [INFO]  payouts.http: request completed: method=GET path=/v1/payouts status=200\n',
      'kong.log': '{"request":{"method":"GET","uri":"/x"},"response":{"status":200},"latencies":{"kong":1,"proxy":5,"request":6},"started_at":1795547112000}\n',
      'app.log': '2026-11-24T19:05:12.000Z INFO started\n2026-11-24T19:05:13.000Z ERROR boom\n',
    });
    const { call } = await connect({ sources: [dir], at: AT });
    const sources = (await call('list_sources')).json<{ sources: Array<{ file: string; format: string; dialect?: string }> }>().sources;
    const by = Object.fromEntries(sources.map((s) => [s.file.split('/').pop(), [s.format, s.dialect ?? null]]));
    expect(by).toEqual({
      'orders-api.log': ['plain', 'nestjs'],
      'postgresql-Tue.log': ['python', 'postgresql'],
      'mongod.log': ['json', 'mongodb'],
      'reports-web.log': ['plain', 'uwsgi'],
      'php-fpm-slow.log': ['plain', 'php-fpm-slowlog'],
      'payouts.log': ['iso', 'hclog'],
      'kong.log': ['json', 'kong'],
      'app.log': ['iso', null],
    });
  });
});
