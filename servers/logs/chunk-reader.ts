// Streams a file as chunks that end on a line boundary, never holding the whole file; .gz is inflated on the fly.
// Plain files are read only up to the size seen at open, so a file appended to while we read gives a consistent snapshot.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export const CHUNK_BYTES = 1 << 20;

/** Yields buffers holding whole lines (the last chunk may lack a final newline). */
export async function* readChunks(file: string, maxBytes?: number): AsyncGenerator<Buffer> {
  if (file.endsWith('.gz')) {
    yield* splitOnNewlines(gzipChunks(file));
    return;
  }
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const limit = maxBytes === undefined ? size : Math.min(size, maxBytes);
    let pos = 0;
    let carry: Buffer | null = null;
    while (pos < limit) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES + (carry ? carry.length : 0));
      let filled = 0;
      if (carry) {
        carry.copy(buf, 0);
        filled = carry.length;
        carry = null;
      }
      const want = Math.min(CHUNK_BYTES, limit - pos);
      const { bytesRead } = await fh.read(buf, filled, want, pos);
      if (bytesRead === 0) break; // truncated while reading: stop at what exists
      pos += bytesRead;
      filled += bytesRead;
      const cut = pos < limit ? buf.lastIndexOf(10, filled - 1) : filled - 1;
      if (cut < 0) {
        carry = buf.subarray(0, filled); // one line longer than a chunk: keep growing it
        continue;
      }
      if (cut + 1 < filled) carry = Buffer.from(buf.subarray(cut + 1, filled));
      yield buf.subarray(0, cut + 1);
    }
    if (carry && carry.length > 0) yield carry;
  } finally {
    await fh.close();
  }
}

async function* gzipChunks(file: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file).pipe(createGunzip({ chunkSize: 256 * 1024 }));
  for await (const chunk of stream) yield chunk as Buffer;
}

async function* splitOnNewlines(source: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = buf.lastIndexOf(10);
    if (cut < 0) {
      carry = buf;
      continue;
    }
    carry = cut + 1 < buf.length ? buf.subarray(cut + 1) : null;
    yield buf.subarray(0, cut + 1);
  }
  if (carry && carry.length > 0) yield carry;
}

/** Calls `onLine` for each line (without \n or \r\n) with its 1-based number; returning false stops. */
export async function forEachLine(
  file: string,
  onLine: (lineNo: number, text: string) => boolean | void,
  maxBytes?: number,
): Promise<number> {
  let n = 0;
  for await (const chunk of readChunks(file, maxBytes)) {
    const text = chunk.toString('utf8');
    let start = 0;
    const len = text.length;
    while (start < len) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = len;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (onLine(++n, text.slice(start, stop)) === false) return n;
      start = end + 1;
    }
  }
  return n;
}

/** Reads the first bytes of a file (inflating .gz) to sniff the format and binary content. */
export async function readHead(file: string, bytes = 64 * 1024): Promise<Buffer> {
  if (file.endsWith('.gz')) {
    const parts: Buffer[] = [];
    let total = 0;
    const stream = createReadStream(file).pipe(createGunzip());
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
    stream.destroy();
    return Buffer.concat(parts).subarray(0, bytes);
  }
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
