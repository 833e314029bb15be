// Java lines whose logger is followed by a colon (log4j's `%c: %m`): `[thread] LEVEL logger: msg` with a date or the
// time of day only, Hadoop's `LEVEL logger: msg`, HBase's `LEVEL [thread] logger: msg`. The logger is kept as for
// logback's `logger - msg`; a message with a colon and no logger, or a thrown class's name, stays the message.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { forEachEntry, fullEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { entryStep } from '../../../servers/logs/flow-steps.js';
import { tempDir } from '../../servers/logs/helpers.js';

const REF = Date.UTC(2024, 4, 1, 18);
const at = (clock: string) => Date.parse(`2024-05-01T${clock}Z`);

const THREAD_FIRST = [
  '2024-05-01 12:00:00.123 [main] INFO com.acme.billing.InvoiceService: Payment declined for order 42',
  '2024-05-01 12:00:00.456 [http-nio-8080-exec-3] ERROR com.acme.billing.PaymentGateway: Charge failed for order 42',
  'java.net.SocketTimeoutException: Read timed out',
  '\tat java.net.SocketInputStream.socketRead0(Native Method)',
  '\tat com.acme.billing.PaymentGateway.charge(PaymentGateway.java:77)',
  '2024-05-01 12:00:01.002 [main] INFO Starting server: port 8080',
  '2024-05-01 12:00:01.010 [main] WARN billing.app: retry budget low',
];

const TIME_ONLY = THREAD_FIRST.map((l) => l.replace(/^2024-05-01 /, ''));

const LEVEL_FIRST = [
  '2024-05-01 12:00:00,123 INFO org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
  '2024-05-01 12:00:00,456 ERROR org.apache.hadoop.hdfs.DFSClient: Failed to close inode 16407',
  'java.io.IOException: All datanodes 10.86.169.121:50010 are bad. Aborting...',
  '\tat org.apache.hadoop.hdfs.DFSOutputStream.setupPipelineForAppendOrRecovery(DFSOutputStream.java:1137)',
  '2024-05-01 12:00:01,002 INFO  [RS_OPEN_REGION-regionserver/node-3:16020-1] regionserver.HRegion: Onlined 1588230740; next sequenceid=2',
  '2024-05-01 12:00:01,010 ERROR java.io.IOException: Broken pipe',
  '2024-05-01 12:00:01,020 WARN  [main] retrying: attempt 3 of 5',
  '2024-05-01 12:00:01,030 INFO  Starting server: port 8080',
];

type Seen = Pick<LogEntry, 'line' | 'time' | 'level' | 'service' | 'message' | 'continuation' | 'fields'>;

async function entries(lines: string[], lazy: boolean): Promise<Seen[]> {
  const file = path.join(tempDir(), 'app.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const out: Seen[] = [];
  await forEachEntry(file, detectFormat(lines, REF), REF, (e) => {
    const f = fullEntry(e);
    out.push({ line: f.line, time: f.time, level: f.level, service: f.service, message: f.message, continuation: f.continuation, fields: f.fields });
  }, { lazy });
  return out;
}

const row = (e: Seen) => [e.line, e.time, e.level, e.service, e.fields?.logger, e.message.split('\n')[0], e.continuation];

describe.each([false, true])('a JVM logger before a colon (lazy %s)', (lazy) => {
  it.each([
    ['with the date', THREAD_FIRST],
    ['with the time of day only', TIME_ONLY],
  ])('`[thread] LEVEL logger: msg` %s: the logger kept, the trace joined, a colon in a message is no logger', async (_name, lines) => {
    expect((await entries(lines, lazy)).map(row)).toEqual([
      [1, at('12:00:00.123'), 'info', null, 'com.acme.billing.InvoiceService', 'Payment declined for order 42', 0],
      [2, at('12:00:00.456'), 'error', null, 'com.acme.billing.PaymentGateway', 'Charge failed for order 42', 3],
      [6, at('12:00:01.002'), 'info', null, undefined, 'Starting server: port 8080', 0],
      // A Python-style module names its service, as before.
      [7, at('12:00:01.010'), 'warn', 'billing', undefined, 'retry budget low', 0],
    ]);
  });

  it("Hadoop's `LEVEL logger: msg` and HBase's `LEVEL [thread] logger: msg`; a thrown class opens its message", async () => {
    expect((await entries(LEVEL_FIRST, lazy)).map(row)).toEqual([
      [1, at('12:00:00.123'), 'info', null, 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster', 'Created MRAppMaster for application appattempt_1445144423722_0020_000001', 0],
      [2, at('12:00:00.456'), 'error', null, 'org.apache.hadoop.hdfs.DFSClient', 'Failed to close inode 16407', 2],
      // `%c{2}` shortens the logger to `regionserver.HRegion`: its first part names the service, as logback's would.
      [5, at('12:00:01.002'), 'info', 'regionserver', 'regionserver.HRegion', 'Onlined 1588230740; next sequenceid=2', 0],
      [6, at('12:00:01.010'), 'error', null, undefined, 'java.io.IOException: Broken pipe', 0],
      [7, at('12:00:01.020'), 'warn', 'main', undefined, 'retrying: attempt 3 of 5', 0],
      [8, at('12:00:01.030'), 'info', null, undefined, 'Starting server: port 8080', 0],
    ]);
  });
});

describe('single heads', () => {
  const head = (line: string) => parserFor(detectFormat([line, line, line], REF), REF)(line)!;

  it('reads the ISO `T` shape and the level-first thread shape alike', () => {
    expect(head('2024-05-01T12:00:00.123Z [main] INFO com.acme.billing.InvoiceService: Payment declined')).toEqual({ time: at('12:00:00.123'), level: 'info', service: null, message: 'Payment declined', fields: { logger: 'com.acme.billing.InvoiceService' } });
    expect(head('2024-05-01 12:00:00.123 INFO [main] com.acme.billing.InvoiceService: Payment declined')).toMatchObject({ service: null, message: 'Payment declined', fields: { logger: 'com.acme.billing.InvoiceService' } });
    expect(head('2024-05-01T12:00:00.123Z ERROR c.a.b.InvoiceService: Payment declined')).toMatchObject({ service: null, fields: { logger: 'c.a.b.InvoiceService' } });
  });

  it("leaves names that are no JVM logger to the service reading, and a thrown class's name in its message", () => {
    // Lower-case words, a service in brackets, a host: no class and no Java root.
    expect(head('2024-05-01 12:00:00.123 INFO [checkout] payment.client: timeout after 3000 ms')).toMatchObject({ service: 'checkout', message: 'payment.client: timeout after 3000 ms' });
    expect(head('2024-05-01T12:00:00.123Z WARN api.example.com: slow answer')).toMatchObject({ service: 'api', message: 'slow answer' });
    expect(head('12:00:00.123 [main] ERROR requests.exceptions.ConnectionError: HTTPSConnectionPool(host=x, port=443)')).toMatchObject({ service: null, message: 'requests.exceptions.ConnectionError: HTTPSConnectionPool(host=x, port=443)' });
    expect(head('12:00:00.123 [main] ERROR requests.exceptions.ConnectionError: HTTPSConnectionPool(host=x, port=443)').fields).toBeUndefined();
  });

  it('names one statement by the logger and the message words, whatever the values', () => {
    const a = head('2024-05-01 12:00:00.123 [main] ERROR com.acme.billing.PaymentGateway: Charge failed for order 42');
    const b = head('2024-05-01 12:00:09.001 [exec-2] ERROR com.acme.billing.PaymentGateway: Charge failed for order 7');
    expect(entryStep(a).key).toBe(entryStep(b).key);
    expect(entryStep(a).key.startsWith('com.acme.billing.PaymentGateway ')).toBe(true);
  });
});
