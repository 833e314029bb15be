// Reading a file line by line: as text (forEachLine) or as byte ranges of the read buffer with no string per line
// (forEachLineBytes, for scans that classify most lines from their bytes and decode only the few they keep).
import { LINE_CHUNK_BYTES, readChunks, type ReadRange } from './chunk-reader.js';

export interface LineRange extends ReadRange {
  /** Number of the line at `from` (1-based); default 1. */
  firstLine?: number;
  /**
   * After each chunk: the number of the last line read, the offset where the next line starts (-1: unknown) and,
   * for .gz, the compressed bytes consumed.
   */
  onChunk?: (lastLine: number, offset: number, source?: number) => boolean | void;
  /** Asked before each chunk: true skips its lines (counted, not delivered), to sample a stream that cannot seek. */
  skip?: () => boolean;
}

/** Calls `onLine` for each line (without \n or \r\n) with its 1-based number; returning false stops. */
export async function forEachLine(
  file: string,
  onLine: (lineNo: number, text: string) => boolean | void,
  maxBytes?: number,
  range: LineRange = {},
): Promise<number> {
  return forEachLineChunk(file, maxBytes, range, (chunk, n) => {
    const text = chunk.toString('utf8');
    let start = 0;
    const len = text.length;
    while (start < len) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = len;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (onLine(++n, text.slice(start, stop)) === false) return { n, stop: true };
      start = end + 1;
    }
    return { n, stop: false };
  });
}

/**
 * The chunk loop of every line reader (text or bytes): the range and its cursor, skipped chunks counted by their
 * newlines, the caller's deadline after each chunk. `lines` walks one chunk's lines numbered after `n`.
 */
export async function forEachLineChunk(
  file: string,
  maxBytes: number | undefined,
  range: LineRange,
  lines: (chunk: Buffer, n: number) => { n: number; stop: boolean },
): Promise<number> {
  let n = (range.firstLine ?? 1) - 1;
  const cursor: { offset: number; source?: number } | undefined = range.onChunk || range.to !== undefined ? { offset: 0 } : undefined;
  for await (const chunk of readChunks(file, maxBytes, { from: range.from, to: range.to, alignStart: range.alignStart, cursor, chunkBytes: LINE_CHUNK_BYTES })) {
    if (range.skip?.()) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
    } else {
      const r = lines(chunk, n);
      n = r.n;
      if (r.stop) return n;
    }
    if (range.onChunk?.(n, cursor!.offset, cursor!.source) === false) break; // the caller's deadline
    // .gz cannot seek: a range there ends the inflating early instead.
    if (range.to !== undefined && cursor!.offset >= range.to) break;
  }
  return n;
}

/** One line: `buf[start, end)` without its `\n` or `\r\n`, valid only until the chunk's onChunk has run. */
export type ByteLineSink = (lineNo: number, buf: Buffer, start: number, end: number) => boolean | void;

/** forEachLine (chunk-reader.ts) on bytes: `\n` is the same byte in UTF-8 and decoded text, so the lines are the same. */
export async function forEachLineBytes(file: string, onLine: ByteLineSink, range: LineRange = {}): Promise<number> {
  return forEachLineChunk(file, undefined, range, (chunk, n) => {
    const len = chunk.length;
    let start = 0;
    while (start < len) {
      let end = chunk.indexOf(10, start);
      if (end < 0) end = len;
      const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
      if (onLine(++n, chunk, start, stop) === false) return { n, stop: true };
      start = end + 1;
    }
    return { n, stop: false };
  });
}
