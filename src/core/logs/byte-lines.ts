// Lines of a file as byte ranges of the read buffer, with no string per line: for scans that classify most lines
// from their bytes (time, level, service) and decode only the few they keep. Same lines, numbers and stops as forEachLine.
import { readChunks, type LineRange } from './chunk-reader.js';

/** One line: `buf[start, end)` without its `\n` or `\r\n`, valid only until the chunk's onChunk has run. */
export type ByteLineSink = (lineNo: number, buf: Buffer, start: number, end: number) => boolean | void;

/** forEachLine (chunk-reader.ts) on bytes: `\n` is the same byte in UTF-8 and decoded text, so the lines are the same. */
export async function forEachLineBytes(file: string, onLine: ByteLineSink, range: LineRange = {}): Promise<number> {
  let n = (range.firstLine ?? 1) - 1;
  const cursor: { offset: number; source?: number } | undefined = range.onChunk || range.to !== undefined ? { offset: 0 } : undefined;
  for await (const chunk of readChunks(file, undefined, { from: range.from, to: range.to, alignStart: range.alignStart, cursor })) {
    const len = chunk.length;
    if (range.skip?.()) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
    } else {
      let start = 0;
      while (start < len) {
        let end = chunk.indexOf(10, start);
        if (end < 0) end = len;
        const stop = end > start && chunk[end - 1] === 13 ? end - 1 : end;
        if (onLine(++n, chunk, start, stop) === false) return n;
        start = end + 1;
      }
    }
    if (range.onChunk?.(n, cursor!.offset, cursor!.source) === false) break;
    if (range.to !== undefined && cursor!.offset >= range.to) break;
  }
  return n;
}
