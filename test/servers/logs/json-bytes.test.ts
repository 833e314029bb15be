// The JSON shortcut on bytes must answer exactly as the string shortcut (fast-json.ts) on every line it reads,
// leave it the lines it cannot vouch for (escapes, nested or duplicate keys, non-ASCII values, odd numbers), and
// keep the string shortcut's audit schedule, so a lazy scan gives the entries of a full parse.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonClassifier } from '../../../servers/logs/fast-json.js';
import { forEachEntry, fullEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { tempDir } from './helpers.js';

const learn = (i: number) => `{"ts":"2025-03-04T10:00:0${i}.000Z","level":"info","service":"cart","msg":"tick ${i}"}`;

const TRICKY = [
  '{"ts":"2025-03-04T10:00:01.5Z","level":"error","service":"cart","msg":"plain"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"WARN","service":"cart","msg":"upper level"}',
  '{"ts":"2025-03-04 10:00:01,123","level":" error ","service":"cart"}',
  '{"msg":"say \\"level\\": \\"fatal\\"","ts":"2025-03-04T10:00:01Z","level":"warn","service":"cart"}',
  '{"ctx":{"level":"fatal","service":"x"},"ts":"2025-03-04T10:00:01Z","level":"info","service":"cart"}',
  '{"ctx":[{"level":"fatal"},"]"],"ts":"2025-03-04T10:00:01Z","level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","level":"error","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"in\\u0066o","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","lev\\u0065l":"error","level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":"cårt"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":"c\\"art"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":""}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":42}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":{"name":"cart"}}',
  '{"ts":1741082401000,"level":"info","service":"cart"}',
  '{"ts":1741082401.5,"level":30,"service":"cart"}',
  '{"ts":1741082401,"level":50,"service":"cart"}',
  '{"ts":-1,"level":"info","service":"cart"}',
  '{"ts":true,"level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01+02:00","level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01.Z","level":"info","service":"cart"}',
  '{"ts":"2025-13-04T10:00:01Z","level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"notalevel","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":7,"service":"cart"}',
  '{ "ts" : "2025-03-04T10:00:01Z" ,\t"level" : "debug" , "service" : "cart" }',
  '{"ts":"2025-03-04T10:00:01Z","level":"info"}',
  '{"level":"info","service":"cart"}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":"cart"',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":"cart"} trailing',
  '{"ts":"2025-03-04T10:00:01Z" "level":"info","service":"cart"}',
  '{}',
  '{"ts":"2025-03-04T10:00:01Z","level":"info","service":"日本","msg":"naïve ☕"}',
  `{"msg":"${'x'.repeat(70_000)}","ts":"2025-03-04T10:00:01Z","level":"error","service":"cart"}`,
  '[1,2,3]',
  'not json',
];

/** A classifier that has learned the `ts`/`level`/`service` layout from eight lines. */
function learned(): JsonClassifier {
  const c = new JsonClassifier();
  for (let i = 0; i < 8; i++) c.line(learn(i));
  return c;
}

describe('JsonClassifier.bytes', () => {
  it('answers as the string shortcut on every line it reads, whatever follows the line in the buffer', () => {
    let read = 0;
    for (const line of TRICKY) {
      const end = Buffer.byteLength(line);
      for (const tail of ['\n', '\r\n', '","level":"fatal","service":"x"}', '}']) {
        const bytes = learned();
        const text = learned();
        const expected = text.line(line);
        if (!bytes.bytes(Buffer.from(line + tail), 0, end)) continue;
        read++;
        const h = bytes.head;
        expect({ line, tail, got: { time: h.time, level: h.level, service: h.service } }).toEqual({ line, tail, got: expected && { time: expected.time, level: expected.level, service: expected.service } });
      }
    }
    // The plain lines are the point of it.
    expect(read).toBeGreaterThanOrEqual(4 * 8);
  });

  it('answers as the string shortcut once the adjacent-keys layout is learned from bytes (the one-pass path)', () => {
    const plain = Buffer.from('{"ts":"2025-03-04T10:00:00Z","level":"info","service":"cart","msg":"x"}');
    // Lines that open like the learned layout but are not it, or are it with values the one pass must bound exactly.
    const near = [
      '{"ts":"2025-03-04T10:00:01Z","level":"in\\",\\"service\\":\\"x","service":"cart"}',
      '{"ts":"2025-03-04T10:00:01Z","level":"warn","service":"ca\\\\"}',
      '{"ts":"2025-03-04T10:00:01Z","level":"warn","service":"cart"',
      '{"ts":"2025-03-04T10:00:01Z","level":"warn","service":"cart" }',
      '{"level":"error","ts":"2025-03-04T10:00:01Z","service":"cart"}',
      '{"ts":"2025-03-04T10:00:01Z","level":"error","service":"billing","msg":"x"}',
      '{"ts":"2025-03-04T10:00:01Z","level":"error","svc":"x","service":"billing"}',
    ];
    let read = 0;
    for (const line of [...near, ...TRICKY]) {
      const end = Buffer.byteLength(line);
      for (const tail of ['\n', '","level":"fatal","service":"x"}', '}']) {
        const bytes = learned();
        expect(bytes.bytes(plain, 0, plain.length)).toBe(true);
        const expected = learned().line(line);
        if (!bytes.bytes(Buffer.from(line + tail), 0, end)) continue;
        read++;
        const h = bytes.head;
        expect({ line, tail, got: { time: h.time, level: h.level, service: h.service } }).toEqual({ line, tail, got: expected && { time: expected.time, level: expected.level, service: expected.service } });
      }
    }
    expect(read).toBeGreaterThanOrEqual(3 * 12);
    // The layout's own lines are read by the one pass, not declined.
    for (const line of [near[5]!, near[6]!, TRICKY[0]!, TRICKY[1]!]) {
      const bytes = learned();
      bytes.bytes(plain, 0, plain.length);
      expect({ line, read: bytes.bytes(Buffer.from(line), 0, Buffer.byteLength(line)) }).toEqual({ line, read: true });
    }
  });

  it('leaves the audited lines to the string shortcut, and stops when an audit disagrees', () => {
    const c = learned();
    const line = Buffer.from('{"ts":"2025-03-04T10:00:01Z","level":"info","service":"cart"}');
    // Eight lines learned; the 512th line starting with `{` is audited by the full parse.
    let declined = 0;
    for (let i = 9; i <= 1024; i++) {
      if (c.bytes(line, 0, line.length)) continue;
      declined++;
      expect(c.line(line.toString())).not.toBeNull();
    }
    expect(declined).toBe(2); // lines 512 and 1024
    // A line whose shortcut answer the full parse contradicts (a duplicate key) turns both paths off at its audit.
    const off = learned();
    const dup = '{"ts":"2025-03-04T10:00:01Z","level":"info","level":"error","service":"cart"}';
    for (let i = 9; i < 512; i++) off.line(dup);
    expect(off.line(dup)).toBeNull();
    expect(off.bytes(line, 0, line.length)).toBe(false);
  });

  it('gives the entries of a lazy scan on text, and of a full parse on well-formed lines, across read chunks', async () => {
    const make = (tricky: boolean) => {
      const lines: string[] = [];
      for (let i = 0; i < 12_000; i++) {
        const t = new Date(Date.parse('2025-03-04T10:00:00Z') + i * 250).toISOString();
        lines.push(`{"ts":"${t}","level":"${['info', 'warn', 'error'][i % 3]}","service":"svc${i % 5}","msg":"request ${i} naïve ☕ \\"quoted\\""}`);
        if (tricky && i % 97 === 0) lines.push(TRICKY[(i / 97) % TRICKY.length]!.replace('2025-03-04T10:00:01', t.slice(0, 19)));
        if (i % 131 === 0) lines.push('    at handler (/app/x.js:1:2)', '');
      }
      return lines;
    };
    const dir = tempDir();
    const strip = (xs: LogEntry[]) => xs.map(({ raw: _r, rawBuf: _b, rawStart: _s, rawEnd: _e, reparse: _p, ...e }) => e);
    for (const tricky of [false, true]) {
      for (const eol of ['\n', '\r\n']) {
        const file = path.join(dir, `app-${tricky}-${eol.length}.log`);
        writeFileSync(file, make(tricky).join(eol) + eol);
        const collect = async (options: { lazy?: boolean; textOnly?: boolean }) => {
          const out: LogEntry[] = [];
          await forEachEntry(file, 'json', Date.now(), (e) => void out.push(options.lazy ? fullEntry(e) : e), options);
          return strip(out);
        };
        const fromBytes = await collect({ lazy: true });
        expect(fromBytes.length).toBeGreaterThanOrEqual(12_000);
        expect(fromBytes).toEqual(await collect({ lazy: true, textOnly: true }));
        // (Malformed lines the shortcut vouches for, `{...} trailing`, are entries only to the lazy scans.)
        if (!tricky) expect(fromBytes).toEqual(await collect({}));
      }
    }
  });
});
