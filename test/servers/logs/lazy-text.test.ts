// A lazy scan of `python`/`iso` text reads most heads from their bytes and parses a line only when its entry is
// kept: once completed, its entries must be those of the full parse, across read chunks, CRLF, stack traces
// past the message caps, non-ASCII text, an over-long line and reads of a byte range.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachEntry, fullEntry, type LogEntry } from '../../../servers/logs/entries.js';
import type { LogFormat } from '../../../src/core/logs/formats.js';
import { tempDir } from './helpers.js';

const REF = Date.parse('2025-03-05T00:00:00Z');

function lines(sep: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.parse('2025-03-04T10:00:00Z') + i * 137).toISOString().replace('T', sep).replace('Z', '').replace('.', i % 2 ? ',' : '.');
    const level = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'WARNING'][i % 5];
    const logger = ['billing.app', 'orders', '__main__.job', 'a-b$c.d'][i % 4];
    out.push(`${t} ${level} ${logger}: request ${i} naïve café ☕ - done`);
    if (i % 211 === 0) out.push(`${t} ERROR [main] c.a.Foo - bracketed ${i}`, `${t}Z ERROR ${logger}: zoned`, `${t} +0100 WARN x: offset`);
    if (i % 157 === 0) {
      out.push('Traceback (most recent call last):', '  File "/app/x.py", line 3, in f', 'ValueError: bad', '');
      // A trace past the line and size caps, whose cause still joins.
      for (let k = 0; k < 120; k++) out.push(`    at frame${k} (/app/${'deep/'.repeat(20)}x.js:${k}:1)`);
      out.push('Caused by: java.io.IOException: disk gone');
    }
    if (i === 4000) out.push(`${t} ERROR billing.app: ${'long '.repeat(250_000)}`); // over 1 MB: cut by the reader
  }
  return out;
}

async function collect(file: string, format: LogFormat, lazy: boolean, range?: { from: number; to: number; firstLine: number }): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  await forEachEntry(file, format, REF, (e) => void out.push(lazy ? fullEntry(e) : e), { lazy, range });
  return out.map(({ raw: _r, rawBuf: _b, rawStart: _s, rawEnd: _e, reparse: _p, ...e }) => e);
}

describe('lazy text scans', () => {
  for (const [format, sep] of [['python', ' '], ['iso', 'T']] as const) {
    it(`give the entries of a full parse (${format})`, async () => {
      const dir = tempDir();
      for (const eol of ['\n', '\r\n']) {
        const file = path.join(dir, `app-${eol.length}.log`);
        writeFileSync(file, lines(sep, 9000).join(eol) + eol);
        const eager = await collect(file, format, false);
        expect(eager.length).toBeGreaterThan(9000);
        expect(await collect(file, format, true)).toEqual(eager);
        // A range starting and ending mid-file (inside a trace): the same entries as the full parse of that range.
        const size = statSync(file).size;
        const range = { from: 0, to: Math.floor(size / 2), firstLine: 1 };
        expect(await collect(file, format, true, range)).toEqual(await collect(file, format, false, range));
      }
    });
  }

  it('refuse to complete an entry after the scan moved past its bytes, instead of reading reused memory', async () => {
    const file = path.join(tempDir(), 'app.log');
    writeFileSync(file, lines(' ', 50).join('\n'));
    const kept: LogEntry[] = [];
    await forEachEntry(file, 'python', REF, (e) => void kept.push(e), { lazy: true });
    expect(kept[0]!.rawBuf).toBeDefined();
    expect(() => fullEntry(kept[0]!)).toThrow(/inside the callback/);
  });
});

describe('lazy text scans of a file named after its service', () => {
  it("give a Python package that is only the service's first word the file's service, as the full parse does", async () => {
    // A confluent-kafka worker's stderr: its modules are `fulfilment.*` (a package cannot hold a hyphen); the
    // deployment, its image and its file are `fulfilment-worker`. Another package (`audit.sink`) stays itself.
    const file = path.join(tempDir(), 'fulfilment-worker.log');
    writeFileSync(
      file,
      [
        '2025-03-04 10:11:00,182 WARNING fulfilment.handler: order 4828282 already fulfilled (shipment SHP-2298B3ED), skipping duplicate',
        '2025-03-04 10:11:01,020 ERROR fulfilment.consumer: offset commit failed for partitions [0, 4, 8] of orders.paid',
        '2025-03-04 10:11:02,500 INFO audit.sink: audit sink buffer 71% full, flushing early',
      ].join('\n') + '\n',
    );
    const eager = await collect(file, 'python', false);
    const lazy = await collect(file, 'python', true);
    expect(lazy.map((e) => e.service)).toEqual(['fulfilment-worker', 'fulfilment-worker', 'audit']);
    expect(lazy).toEqual(eager);
  });
});
