// loguru's default lines (`time | LEVEL    | module:function:line - message`) through the python parser: the time, the
// level, the message after " - ", the statement kept as fields.logger, and the service as a Python logger names it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parsePython } from '../../../src/core/logs/text-formats.js';
import { forEachEntry, fullEntry } from '../../../servers/logs/entries.js';
import { tempDir } from '../../servers/logs/helpers.js';

const REF = Date.parse('2026-09-09T00:00:00Z');
const at = (clock: string) => Date.parse(`2026-09-08T${clock}Z`);

const LINES = [
  "2026-09-08 14:19:21.004 | INFO     | pricing.flags:refresh:31 - feature flag 'bundle-discounts' changed: false -> true",
  '2026-09-08 14:19:22.123 | ERROR    | pricing.api:quote_endpoint:48 - quote failed for cart 1',
  'Traceback (most recent call last):',
  '  File "/app/pricing/api.py", line 48, in quote_endpoint',
  'ZeroDivisionError: division by zero',
  '2026-09-08 14:19:23,500 | WARNING  | pricing.api:quote_endpoint:52 - slow quote: 1200 ms | retrying',
];

describe('a loguru line', () => {
  it('parses to its time, level, the message after " - " and the module:function:line as the logger', () => {
    expect(parsePython(LINES[1]!)).toEqual({
      time: at('14:19:22.123'),
      level: 'error',
      service: null,
      message: 'quote failed for cart 1',
      fields: { logger: 'pricing.api:quote_endpoint:48' },
    });
  });

  it('takes a comma before the milliseconds, keeps a ` | ` inside the message, and names no service (the module is the code\'s package)', () => {
    const h = parsePython(LINES[5]!);
    expect(h).toMatchObject({ time: at('14:19:23.500'), level: 'warn', message: 'slow quote: 1200 ms | retrying', fields: { logger: 'pricing.api:quote_endpoint:52' } });
    expect(h!.service).toBeNull();
    expect(parsePython('2026-09-08 14:19:24.000 | DEBUG    | __main__:<module>:12 - warming cache')).toMatchObject({ level: 'debug', message: 'warming cache', fields: { logger: '__main__:<module>:12' } });
  });

  it("is detected as python, and through a file's parser takes the file's service (pricing in pricing-svc.log)", () => {
    expect(detectFormat(LINES, REF)).toBe('python');
    const svc = parserFor('python', REF, '/var/log/pricing-svc.log')(LINES[1]!);
    expect(svc).toMatchObject({ service: 'pricing-svc', level: 'error', message: 'quote failed for cart 1' });
    expect(parserFor('python', REF, '/var/log/app.log')(LINES[1]!)?.service).toBeNull();
    // The module's package is no prefix of the file's service: the file still names it (sender.worker in email-sender).
    expect(parserFor('python', REF, '/var/log/email-sender.log')('2026-09-08 14:19:22.123 | INFO     | sender.worker:handle:41 - sent')?.service).toBe('email-sender');
  });

  it("starts an entry that its traceback lines continue, in the file's service", async () => {
    const file = path.join(tempDir(), 'pricing-svc.log');
    writeFileSync(file, `${LINES.join('\n')}\n`);
    const seen: Array<[number, number | null, string, string | null, string, number]> = [];
    await forEachEntry(file, detectFormat(LINES, REF), REF, (e) => {
      const f = fullEntry(e);
      seen.push([f.line, f.time, f.level, f.service, f.message.split('\n')[0]!, f.continuation]);
    });
    expect(seen).toEqual([
      [1, at('14:19:21.004'), 'info', 'pricing-svc', "feature flag 'bundle-discounts' changed: false -> true", 0],
      [2, at('14:19:22.123'), 'error', 'pricing-svc', 'quote failed for cart 1', 3],
      [6, at('14:19:23.500'), 'warn', 'pricing-svc', 'slow quote: 1200 ms | retrying', 0],
    ]);
  });
});
