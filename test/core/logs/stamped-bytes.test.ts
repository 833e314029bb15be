// The byte shortcut for `python`/`iso` heads must give the parser's time and level on every line `head` vouches for
// and its service where `named` does too, and decline the shapes the parser reads differently (offsets, brackets,
// `- `, no logger, non-ASCII).
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { StampedBytes } from '../../../src/core/logs/stamped-bytes.js';

const REF = Date.parse('2025-03-04T12:00:00Z');

/** Every combination of the head's parts, tricky ones included. */
function variants(sep: string): string[] {
  const times = ['2025-03-04' + sep + '10:15:02', '2025-03-04' + sep + '10:15:59,123', '2025-03-04' + sep + '10:16:00.1', '2025-03-04' + sep + '10:16:00.123456789', '2025-03-04' + sep + '10:15:02Z', '2025-03-04' + sep + '10:15:02.5z', '2025-03-04' + sep + '10:15:02+01:00', '2025-03-04' + sep + '10:15:02,123 +0100', '2025-03-04' + sep + '10:15:02 Z', '2025-13-45' + sep + '10:15:02', '2025-03-04' + sep + '25:61:02', '2025-03-04' + sep + '10:15:02,', '2025-03-é' + sep + '10:15:02'];
  const gaps = [' ', '  ', '\t', ' - ', ' \t '];
  const levels = ['INFO', 'info', 'WARNING', 'Warn', 'ERROR', 'FATAL', 'CRITICAL', '[ERROR]', 'NOTALEVEL', 'INFO:', 'INFOé', 'ERR'];
  const loggers = ['billing.app: ', 'billing: ', '__main__.worker: ', 'a.b-c$d_e: ', `${'x'.repeat(81)}: `, `${'y'.repeat(82)}: `, 'nocolon ', 'name:x ', '[svc] ', '[main] c.a.Foo - ', 'Upper.case: ', '_priv.mod: ', '1 --- [main] c.a.Foo : ', '- billing.app: ', 'billing.app:', 'bïlling.app: ', ''];
  const messages = ['GET /api/cart 200 12ms', 'say - what', 'naïve café ☕ 日本', '', 'key="a b" n=1'];
  const out: string[] = [];
  for (const t of times) for (const g of gaps) for (const l of levels) for (const lg of loggers) for (const m of messages) out.push(`${t}${g}${l} ${lg}${m}`);
  // Lines that end inside the head: what follows in the buffer must not be read as more of it.
  for (const t of times) out.push(t, `${t},12`, `${t} ERROR`, `${t} ERROR billing.app`, `${t} ERROR billing.app:`);
  return out;
}

describe('StampedBytes', () => {
  for (const [format, sep, code] of [['python', ' ', 32], ['iso', 'T', 84]] as const) {
    it(`agrees with the ${format} parser on every head it reads, and reads the common ones`, () => {
      const parse = parserFor(format, REF);
      const fast = new StampedBytes(code);
      let read = 0;
      const lines = variants(sep);
      for (const line of lines) {
        // Bytes past the line's end (a `\r`, the next line) must not change the answer: it reads only up to `end`.
        const end = Buffer.byteLength(line, 'utf8');
        const answers = ['\n2025-03-04 10:15:02,123 INFO next.one: x', '\r\n', '1 INFO a: x', '.5 ', ': x', ' ERROR a: ', 'S a: x'].map((tail) => {
          const read = fast.head(Buffer.from(line + tail, 'utf8'), 0, end);
          return read ? (fast.named() ? 'named' : 'head') : 'no';
        });
        expect({ line, answers }).toEqual({ line, answers: answers.map(() => answers[0]) });
        if (answers[0] === 'no') continue;
        const head = parse(line);
        // `head` alone: the parser's time and level whatever follows (the scan drops such entries by level).
        expect({ line, time: fast.time, level: fast.level }).toEqual({ line, time: head?.time, level: head?.level });
        if (answers[0] === 'head') continue;
        read++;
        const buf = Buffer.from(line, 'utf8');
        expect(fast.head(buf, 0, end) && fast.named()).toBe(true);
        // The message is the bytes after the head: the scan decodes only those for the entries it keeps.
        expect({ line, service: fast.service, message: buf.toString('utf8', fast.message, end) }).toEqual({ line, service: head?.service, message: head?.message });
      }
      // The plain shape (`<time> LEVEL logger: msg`) is the point of the shortcut.
      const plain = Buffer.from(`2025-03-04${sep}10:15:02,123 ERROR billing.app: boom`);
      expect(fast.head(plain, 0, plain.length) && fast.named()).toBe(true);
      expect(read).toBeGreaterThan(lines.length / 10);
    });
  }

  it('reads a line at an offset inside a larger buffer, and a logger ending the line', () => {
    const fast = new StampedBytes(32);
    const text = 'junk before\n2025-03-04 10:15:02,123 WARN orders.api:';
    const buf = Buffer.from(text);
    expect(fast.head(buf, 12, buf.length) && fast.named()).toBe(true);
    expect([fast.time, fast.level, fast.service]).toEqual([Date.parse('2025-03-04T10:15:02.123Z'), 'warn', 'orders']);
  });

  it('declines the shapes the parser reads another way', () => {
    const fast = new StampedBytes(32);
    for (const line of [
      '2025-03-04 10:15:02,123 +0100 ERROR billing.app: x', // offset after a space
      '2025-03-04 10:15:02,123 [ERROR] billing.app: x', // bracketed level
      '2025-03-04 10:15:02,123 UNKNOWNWORD billing.app: x',
    ]) {
      expect({ line, read: fast.head(Buffer.from(line), 0, Buffer.byteLength(line)) }).toEqual({ line, read: false });
    }
    // Read as far as the level, these still need the parser for their service.
    for (const line of [
      '2025-03-04 10:15:02,123 ERROR [main] c.a.Foo - x', // thread then logger
      '2025-03-04 10:15:02,123 ERROR some words - x', // `logger - msg`
      '2025-03-04 10:15:02,123 ERROR bïlling.app: x', // non-ASCII logger
    ]) {
      expect({ line, read: fast.head(Buffer.from(line), 0, Buffer.byteLength(line)), named: fast.named() }).toEqual({ line, read: true, named: false });
    }
  });
});
