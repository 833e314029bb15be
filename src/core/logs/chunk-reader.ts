// Streams a file as chunks that end on a line boundary, never holding the whole file; .gz is inflated on the fly.
// Plain files are read only up to the size seen at open, so a file appended to while we read gives a consistent snapshot.
import { createReadStream, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export const CHUNK_BYTES = 4 << 20;
/**
 * Chunk of a line-by-line read (forEachLine): its lines become strings 96 KB at a time whatever the chunk, so a
 * smaller read buffer costs no speed there and saves each scan thread 4 MB of read-ahead buffers (the logs server
 * runs three windowed scans at once under a 200 MB target); byte-level searches keep CHUNK_BYTES.
 */
export const LINE_CHUNK_BYTES = 2 << 20;

/**
 * Longest line kept in memory. The rest of a longer line is skipped up to its newline, so one pathological line
 * (a 1 GB single-line file, a minified blob) costs bounded memory and bounded per-line work; line numbers stay exact.
 */
export const MAX_LINE_BYTES = 1 << 20;

// Consumers turn chunks into strings; below V8's large-object size those strings die young and cheaply,
// which keeps the server's peak RSS flat whatever the file size.
const SLICE_BYTES = 96 * 1024;

function* slices(buf: Buffer, end = buf.length): Generator<Buffer> {
  let from = 0;
  while (from < end) {
    let to = Math.min(end, from + SLICE_BYTES);
    if (to < end) {
      const nl = buf.lastIndexOf(10, to - 1);
      to = nl >= from ? nl + 1 : buf.indexOf(10, to) + 1 || end;
    }
    yield buf.subarray(from, to);
    from = to;
  }
}

// Full-size read buffers are kept for the next read on this thread: each is 3-5 MB outside the JS heap that V8 frees
// only at a collection, which a byte-only scan (search counting on the bytes) seldom triggers, so fresh buffers
// piled up across calls in every scan worker. Safe because a yielded chunk is never used after the read ends.
// Two of each size (a read uses two): with one shared limit, a search's 5 MB pair filled it and every later line
// scan's 3 MB pair became garbage, 6 MB per task in each worker until a collection (bench:logs peaked at 270 MB).
const FULL_SIZES = [CHUNK_BYTES + MAX_LINE_BYTES, LINE_CHUNK_BYTES + MAX_LINE_BYTES];
const spareBuffers = new Map<number, Buffer[]>(FULL_SIZES.map((size) => [size, []]));
const SPARE_PER_SIZE = 2;

function takeBuffer(bytes: number): Buffer {
  return spareBuffers.get(bytes)?.pop() ?? Buffer.allocUnsafe(bytes);
}

function giveBack(bufs: Buffer[]): void {
  for (const b of bufs) {
    const spare = spareBuffers.get(b.length);
    if (spare && spare.length < SPARE_PER_SIZE) spare.push(b);
  }
}

// Files held open by withOpenFile, with their size when opened: the pieces of a sampled scan share one handle. Opening,
// stat-ing and closing the file per piece cost more CPU than reading a 64 KB piece (most of it idle on the fs threads).
interface Held {
  open: Promise<{ fh: FileHandle; size: number }>;
  /** Counted when a hold starts, before the open settles, so a hold ending meanwhile never closes it under another. */
  users: number;
}
const held = new Map<string, Held>();

async function openSized(file: string): Promise<{ fh: FileHandle; size: number }> {
  const fh = await open(file, 'r');
  try {
    return { fh, size: (await fh.stat()).size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/**
 * Runs `fn` with `file` held open: every plain-file read of it inside `fn` uses that handle and the size seen when
 * it was opened (one snapshot for the whole scan, as for one read). Nested and concurrent holds share the handle.
 */
export async function withOpenFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  if (file.endsWith('.gz')) return fn();
  let h = held.get(file);
  if (!h) held.set(file, (h = { open: openSized(file), users: 0 }));
  h.users++;
  try {
    await h.open;
    return await fn();
  } finally {
    if (--h.users === 0) {
      held.delete(file);
      await h.open.then(({ fh }) => fh.close(), () => {});
    }
  }
}

/** Where a read starts and ends (byte offsets at line starts) and, as it goes, the offset just past what was yielded. */
export interface ReadRange {
  from?: number;
  to?: number;
  /** `from` may fall inside a line: skip to the next line start first (sampling pieces of an unindexed file). */
  alignStart?: boolean;
  /**
   * Set after each yielded chunk: the file offset (inflated offset for .gz) where the next line starts, or -1
   * while inside the dropped tail of an over-long line.
   */
  cursor?: { offset: number; source?: number };
  /** Bytes read at a time (default CHUNK_BYTES). */
  chunkBytes?: number;
}

/**
 * Yields buffers holding whole lines (the last chunk may lack a final newline). Two buffers alternate: while the
 * consumer scans one, the next read already fills the other (read-ahead), so the disk or page cache and the scan
 * overlap instead of taking turns. A yielded chunk is valid only until the consumer asks for the next one, which
 * keeps GC out of the hot loop. A range (plain files only) reads from one line start to another.
 */
export async function* readChunks(file: string, maxBytes?: number, range: ReadRange = {}): AsyncGenerator<Buffer> {
  const cursor = range.cursor;
  if (file.endsWith('.gz')) {
    let offset = 0;
    const input = createReadStream(file);
    for await (const chunk of splitOnNewlines(gzipChunks(input), (skipped) => (offset += skipped))) {
      offset += chunk.length;
      if (cursor) {
        cursor.offset = chunk[chunk.length - 1] === 10 ? offset : -1;
        cursor.source = input.bytesRead; // compressed bytes consumed: the only measure of progress through a stream
      }
      yield chunk;
    }
    return;
  }
  const shared = await held.get(file)?.open.catch(() => undefined);
  const fh = shared?.fh ?? (await open(file, 'r'));
  let pending: Promise<{ bytesRead: number }> | null = null;
  let bufs: Buffer[] = [];
  try {
    const size = shared?.size ?? (await fh.stat()).size;
    const limit = Math.min(maxBytes === undefined ? size : Math.min(size, maxBytes), range.to ?? Infinity);
    const bytes = Math.min((range.chunkBytes ?? CHUNK_BYTES) + MAX_LINE_BYTES, Math.max(limit - (range.from ?? 0), 1) + 1);
    // The second buffer only exists for files that take more than one read.
    bufs = [takeBuffer(bytes)];
    const other = (i: number) => (bufs[1 - i] ??= takeBuffer(bytes));
    let cur = 0;
    let pos = range.from ?? 0;
    let carry = 0; // bytes of an unfinished line kept at the start of bufs[cur]
    let skipping = range.alignStart === true; // inside the dropped tail of an over-long (or cut) line
    const readInto = (buf: Buffer, at: number) => fh.read(buf, at, Math.min(buf.length - at, limit - pos), pos);
    pending = pos < limit ? readInto(bufs[0]!, 0) : null;
    while (pending) {
      const { bytesRead } = await pending;
      pending = null;
      const buf = bufs[cur]!;
      if (bytesRead === 0) {
        // Truncated while reading: stop at what exists, its last line included.
        if (carry > 0 && !skipping && limit >= size) {
          if (cursor) cursor.offset = -1;
          yield buf.subarray(0, carry);
        }
        break;
      }
      pos += bytesRead;
      let start = 0; // where the lines to yield begin in buf
      let filled = carry + bytesRead;
      if (skipping) {
        // carry is 0 while skipping: the read starts at buf[0].
        const nl = buf.subarray(0, filled).indexOf(10);
        if (nl >= 0) skipping = false;
        start = nl < 0 ? filled : nl + 1;
      }
      // A range that ends before the file does ends at its last whole line.
      const cut = start >= filled ? start - 1 : pos < limit || limit < size ? buf.lastIndexOf(10, filled - 1) : filled - 1;
      const linesEnd = Math.max(start, cut + 1);
      // What follows the last newline: an unfinished line carried into the other buffer, or the head of an
      // over-long one, kept as a line of its own while the rest of it is skipped.
      let overLong = false;
      carry = filled - linesEnd;
      if (carry > MAX_LINE_BYTES) {
        overLong = true;
        buf[linesEnd + MAX_LINE_BYTES] = 10;
        carry = 0;
        skipping = true;
      } else if (pos < limit && carry > 0) buf.copy(other(cur), 0, linesEnd, filled);
      // Read ahead into the other buffer before handing out this one.
      if (pos < limit) pending = readInto(other(cur), carry);
      const base = pos - filled; // file offset of buf[0]
      let k = 0;
      for (const slice of slices(buf.subarray(start, linesEnd))) {
        if (cursor) cursor.offset = slice[slice.length - 1] === 10 ? base + slice.byteOffset - buf.byteOffset + slice.length : -1;
        yield slice;
        // Let the event loop turn every ~0.75 MB: a scan worker's heartbeat must not wait for a whole read.
        if (++k % 8 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      if (overLong) {
        if (cursor) cursor.offset = -1;
        yield buf.subarray(linesEnd, linesEnd + MAX_LINE_BYTES + 1);
      }
      // (At the file's end the last line, even without its newline, was among the slices, flagged by offset -1.)
      cur = 1 - cur;
    }
  } finally {
    // A consumer that stopped early leaves a read in flight: it must land before its buffer serves another read.
    if (pending) await pending.catch(() => {});
    if (!shared) await fh.close();
    giveBack(bufs);
  }
}

async function* gzipChunks(input: ReadStream): AsyncGenerator<Buffer> {
  const stream = input.pipe(createGunzip({ chunkSize: 256 * 1024 }));
  for await (const chunk of stream) yield chunk as Buffer;
}

/** `dropped` hears of the bytes of over-long lines that were not yielded, so offsets can be kept. */
async function* splitOnNewlines(source: AsyncGenerator<Buffer>, dropped: (bytes: number) => void = () => {}): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  let skipping = false; // inside the dropped tail of an over-long line
  for await (let chunk of source) {
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        dropped(chunk.length);
        continue;
      }
      skipping = false;
      dropped(nl + 1);
      chunk = chunk.subarray(nl + 1);
    }
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = buf.lastIndexOf(10);
    if (cut < 0) {
      carry = buf;
      if (carry.length >= MAX_LINE_BYTES) {
        // Concatenating an endless line would cost quadratic time: keep its head, drop the rest.
        const head = Buffer.allocUnsafe(MAX_LINE_BYTES + 1);
        carry.copy(head, 0, 0, MAX_LINE_BYTES);
        head[MAX_LINE_BYTES] = 10;
        dropped(carry.length - MAX_LINE_BYTES - 1);
        yield head;
        carry = null;
        skipping = true;
      }
      continue;
    }
    carry = cut + 1 < buf.length ? buf.subarray(cut + 1) : null;
    yield* slices(buf, cut + 1);
  }
  if (carry && carry.length > 0) yield carry;
}

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
  return readAt(file, 0, bytes);
}

/** The last `bytes` of an uncompressed file of `size` bytes (all of it when smaller). */
export async function readTail(file: string, size: number, bytes = 64 * 1024): Promise<Buffer> {
  return readAt(file, Math.max(0, size - bytes), Math.min(bytes, size));
}

/** Up to `bytes` of an uncompressed file from `position` (fewer at its end). */
async function readAt(file: string, position: number, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
