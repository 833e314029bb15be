// The chunk reader with read-ahead: whatever the buffer edges (files over two reads, ranges, CRLF, a missing final
// newline, lines over the cap), it yields exactly the lines of the file and the offsets where the next line starts.
import { appendFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, LINE_CHUNK_BYTES, MAX_LINE_BYTES, readChunks, withOpenFile } from '../../../src/core/logs/chunk-reader.js';
import { forEachLine } from '../../../src/core/logs/line-reader.js';
import { tempDir } from '../../servers/logs/helpers.js';

/** Lines of varied lengths (a seeded PRNG), so line ends fall everywhere relative to the buffer edges. */
function text(bytes: number, seed = 7): string {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = `line ${i} ${'é'.repeat(Math.floor(rand() * 3))}${'x'.repeat(Math.floor(rand() * 400))}`;
    out.push(l);
    n += Buffer.byteLength(l) + 1;
  }
  return `${out.join('\n')}\n`;
}

async function lines(file: string, range: Parameters<typeof forEachLine>[3] = {}): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(file, (_n, l) => void out.push(l), undefined, range);
  return out;
}

describe('chunk reader', () => {
  it('yields every line of a file spanning several reads, with exact next-line offsets', async () => {
    const content = text(CHUNK_BYTES * 2 + 12_345);
    const file = path.join(tempDir({ 'a.log': content }), 'a.log');
    expect(await lines(file)).toEqual(content.slice(0, -1).split('\n'));
    // Every offset the reader reports is a line start of the file.
    const cursor = { offset: 0 };
    const seen: number[] = [];
    let total = 0;
    for await (const chunk of readChunks(file, undefined, { cursor })) {
      total += chunk.length;
      seen.push(cursor.offset);
    }
    expect(total).toBe(Buffer.byteLength(content));
    const buf = Buffer.from(content);
    for (const o of seen) expect(o === buf.length || buf[o - 1] === 10).toBe(true);
    expect(seen.at(-1)).toBe(buf.length);
  });

  it('reads a range from one line start to another, CRLF lines and a last line without newline', async () => {
    const content = text(CHUNK_BYTES + 99_000, 3).replace(/\n/g, '\r\n').slice(0, -2);
    const file = path.join(tempDir({ 'b.log': content }), 'b.log');
    const all = content.split('\r\n');
    expect(await lines(file)).toEqual(all);
    const buf = Buffer.from(content);
    const from = buf.indexOf(10, 1_000_000) + 1;
    const to = buf.indexOf(10, CHUNK_BYTES + 50_000) + 1;
    const expected = buf.subarray(from, to).toString('utf8').split('\r\n').slice(0, -1);
    expect(await lines(file, { from, to })).toEqual(expected);
    // A start inside a line skips to the next line start.
    expect(await lines(file, { from: from - 5, to, alignStart: true })).toEqual(expected);
  });

  it('keeps the head of an over-long line as a line and goes on after it', async () => {
    const long = 'y'.repeat(MAX_LINE_BYTES * 2 + 17);
    const before = text(LINE_CHUNK_BYTES - 1000, 5); // the long line straddles the first read of a line-by-line read
    const content = `${before}${long}\nafter 1\nafter 2\n`;
    const file = path.join(tempDir({ 'c.log': content }), 'c.log');
    const got = await lines(file);
    const head = before.slice(0, -1).split('\n');
    expect(got.slice(0, head.length)).toEqual(head);
    expect(got[head.length]).toBe('y'.repeat(MAX_LINE_BYTES));
    expect(got.slice(head.length + 1)).toEqual(['after 1', 'after 2']);
  });

  it('stops early without leaving the file open or a read unhandled', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'd.log');
    writeFileSync(file, text(CHUNK_BYTES * 3));
    let n = 0;
    await forEachLine(file, () => ++n < 10);
    expect(n).toBe(10);
  });

  it('reuses its read buffers without mixing reads: after an early stop, and two files read at once', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    const textA = text(CHUNK_BYTES * 2 + 12345, 3);
    const textB = text(CHUNK_BYTES * 2 + 777, 11);
    writeFileSync(a, textA);
    writeFileSync(b, textB);
    // A read stopped early hands its buffers back while the read ahead was in flight.
    for await (const chunk of readChunks(a)) if (chunk.length > 0) break;
    const [la, lb] = await Promise.all([lines(a), lines(b)]);
    expect(la.join('\n')).toBe(textA.slice(0, -1));
    expect(lb.join('\n')).toBe(textB.slice(0, -1));
    expect((await lines(a)).join('\n')).toBe(textA.slice(0, -1)); // and once more from reused buffers
  });

  it('reads a held file through one handle opened before: the same bytes after the path is gone, closed once every hold ends', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'h.log');
    const body = text(200_000);
    writeFileSync(file, body);
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    const got: string[][] = [];
    await withOpenFile(file, async () => {
      // Two holds at once share the handle; the reads inside use it, not the path.
      await withOpenFile(file, async () => {
        unlinkSync(file);
        got.push(await lines(file), await lines(file, { from: 0, to: 4096 }));
      });
      appendFileSync(file, 'written after\n'); // a new file at the path: not what the holds read
      got.push(await lines(file));
    });
    expect(got[0]!.join('\n')).toBe(body.slice(0, -1));
    expect(got[1]!.join('\n')).toBe(body.slice(0, body.lastIndexOf('\n', 4095)));
    expect(got[2]!.join('\n')).toBe(body.slice(0, -1));
    expect(fds()).toBe(before);
    // Without a hold the path is read again.
    expect(await lines(file)).toEqual(['written after']);
  });
});


describe('read buffers', () => {
  /** The ArrayBuffers a whole read's chunks live in. */
  async function buffersOf(file: string, chunkBytes?: number): Promise<Set<ArrayBufferLike>> {
    const out = new Set<ArrayBufferLike>();
    for await (const chunk of readChunks(file, undefined, chunkBytes === undefined ? {} : { chunkBytes })) out.add(chunk.buffer);
    return out;
  }

  it('search-sized and line-sized reads each reuse their own pair: neither kind crowds out the other', async () => {
    const dir = tempDir({ 'big.log': text(CHUNK_BYTES * 3) });
    const file = path.join(dir, 'big.log');
    // Searches read in CHUNK_BYTES, line scans in LINE_CHUNK_BYTES; a scan worker runs both kinds one after the other.
    const search1 = await buffersOf(file);
    const lines1 = await buffersOf(file, LINE_CHUNK_BYTES);
    const search2 = await buffersOf(file);
    const lines2 = await buffersOf(file, LINE_CHUNK_BYTES);
    expect([search1.size, lines1.size]).toEqual([2, 2]);
    expect([[...search2].filter((b) => search1.has(b)).length, [...lines2].filter((b) => lines1.has(b)).length]).toEqual([2, 2]);
  });
});
