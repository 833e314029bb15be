// A small per-file time index: stretches of the file cut into ~1 MiB blocks of whole lines, each with its line count,
// first line number (when the lines before it were counted) and earliest and latest entry time. Blocks may leave
// gaps (parts never read: the window was found by binary search); it is kept in the cache directory keyed by
// device, inode, size and mtime.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BLOCK_BYTES = 1 << 20;
const VERSION = 2 as const;

export interface IndexBlock {
  start: number;
  end: number;
  /** Number of the block's first line; NaN while the lines before it were never counted (a gap precedes it). */
  firstLine: number;
  lines: number;
  min: number | null;
  max: number | null;
}

export interface FileKey {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface TimeIndex extends FileKey {
  /** Blocks in file order, not overlapping; a stretch between two blocks (or after the last) is not indexed yet. */
  blocks: IndexBlock[];
  /** Hash of the file's first bytes when indexed: a file truncated and rewritten past its old size is not "appended". */
  head?: string;
}

const HEAD_BYTES = 4096;

/** Hash of the first min(size, HEAD_BYTES) bytes of `file`. */
function headOf(file: string, size: number): string {
  const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return createHash('sha1').update(buf.subarray(0, n)).digest('hex').slice(0, 16);
  } finally {
    closeSync(fd);
  }
}

type BlockTuple = [number, number, number | null, number, number | null, number | null];
interface Stored {
  version: typeof VERSION;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  head: string;
  blocks: BlockTuple[];
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): v is number | null => v === null || num(v);
const isTuple = (b: unknown): b is BlockTuple =>
  Array.isArray(b) && b.length === 6 && num(b[0]) && num(b[1]) && numOrNull(b[2]) && num(b[3]) && numOrNull(b[4]) && numOrNull(b[5]);

/**
 * The stored index when the JSON has its shape (finite numbers, six-number blocks), else null. Written by hand, not
 * with zod: the scan workers import this module, and zod alone would be most of their bundle to load at every start.
 */
function storedOf(v: unknown): Stored | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (o.version !== VERSION || !num(o.dev) || !num(o.ino) || !num(o.size) || !num(o.mtimeMs) || typeof o.head !== 'string') return null;
  if (!Array.isArray(o.blocks) || !o.blocks.every(isTuple)) return null;
  return { version: VERSION, dev: o.dev, ino: o.ino, size: o.size, mtimeMs: o.mtimeMs, head: o.head, blocks: o.blocks };
}

/** Where the blocks indexed from the file's start without a gap end (0: the start itself is not indexed). */
export function coveredTo(index: TimeIndex): number {
  let to = 0;
  for (const b of index.blocks) {
    if (b.start !== to) break;
    to = b.end;
  }
  return to;
}

export interface Gap {
  from: number;
  to: number;
  /** The blocks just before and after it, if any. */
  prev?: IndexBlock;
  next?: IndexBlock;
}

/** The stretches of [0, size) no block covers, in file order. */
export function gapsOf(blocks: IndexBlock[], size: number): Gap[] {
  const out: Gap[] = [];
  let at = 0;
  let prev: IndexBlock | undefined;
  for (const b of blocks) {
    if (b.start > at) out.push({ from: at, to: b.start, prev, next: b });
    at = Math.max(at, b.end);
    prev = b;
  }
  if (at < size) out.push({ from: at, to: size, prev });
  return out;
}

/**
 * The blocks of both lists in file order, not overlapping, with line numbers carried along every run of adjacent
 * blocks that starts at the file's start or at a block whose first line is known.
 */
export function mergeBlocks(known: IndexBlock[], fresh: IndexBlock[]): IndexBlock[] {
  // One sweep in file order (known first at equal starts): a block overlapping the one kept before it is dropped
  // (what is dropped is only not indexed: a gap, searched again when a window needs it).
  const sorted = [...known.map((b) => ({ b, known: 0 })), ...fresh.map((b) => ({ b: { ...b }, known: 1 }))].sort((x, y) => x.b.start - y.b.start || x.known - y.known);
  const all: IndexBlock[] = [];
  for (const { b } of sorted) if (b.start >= (all.at(-1)?.end ?? 0)) all.push(b);
  let prev: IndexBlock | null = null;
  for (const b of all) {
    if (b.start === 0) b.firstLine = 1;
    else if (prev && prev.end === b.start && Number.isFinite(prev.firstLine)) b.firstLine = prev.firstLine + prev.lines;
    prev = b;
  }
  return all;
}

function fileName(dir: string, file: string): string {
  return path.join(dir, `${createHash('sha1').update(file).digest('hex').slice(0, 20)}.json`);
}

/**
 * What of a stored index still describes `file`: all of it, its blocks with the rest a gap (appended: larger, same
 * first bytes), or nothing (another file under the name, or truncated and rewritten as copytruncate rotation does).
 */
export function usable(index: TimeIndex | null, key: FileKey, file: string): TimeIndex | null {
  if (!index || index.dev !== key.dev || index.ino !== key.ino) return null; // another file now has this name
  if (index.size === key.size && index.mtimeMs === key.mtimeMs) return index;
  const end = index.blocks.at(-1)?.end ?? 0;
  if (key.size <= index.size || end > key.size) return null;
  try {
    if (index.head !== undefined && headOf(file, index.size) !== index.head) return null;
  } catch {
    return null;
  }
  return { ...key, head: index.head, blocks: index.blocks }; // appended to
}

// Without a cache directory, indexes live in memory (per thread). With one, the disk is read each time: scan
// threads add blocks to the same file's index, and a copy held in memory would hide theirs.
const memory = new Map<string, TimeIndex>();

/** The index kept for `file` as it was saved, whatever file now has the name. */
function readStored(dir: string | null, file: string): TimeIndex | null {
  if (!dir) return memory.get(file) ?? null;
  try {
    const s = storedOf(JSON.parse(readFileSync(fileName(dir, file), 'utf8')));
    if (s === null) return null;
    const blocks = s.blocks.map(([start, end, firstLine, lines, min, max]) => ({ start, end, firstLine: firstLine ?? NaN, lines, min, max }));
    return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, head: s.head, blocks };
  } catch {
    return null; // none yet, or unreadable: it is rebuilt
  }
}

export function loadIndex(dir: string | null, file: string, key: FileKey): TimeIndex | null {
  return usable(readStored(dir, file), key, file);
}

export function saveIndex(dir: string | null, file: string, given: TimeIndex): void {
  let index = given;
  try {
    index = { ...given, head: headOf(file, given.size) };
  } catch {
    return; // the file is gone: nothing to describe
  }
  if (!dir) {
    memory.set(file, index);
    if (memory.size > 1_000) memory.clear();
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
    const target = fileName(dir, file);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    const { blocks, ...key } = index;
    const tuples = blocks.map((b) => [b.start, b.end, Number.isFinite(b.firstLine) ? b.firstLine : null, b.lines, b.min, b.max]);
    writeFileSync(tmp, JSON.stringify({ version: VERSION, ...key, blocks: tuples }));
    renameSync(tmp, target); // atomic: concurrent scans never see half an index
  } catch {
    // A read-only or full cache directory only costs the next call a new search.
  }
}

/** Adds blocks read by a scan to the file's index (memory and disk), keeping what other scans recorded meanwhile. */
export function recordBlocks(dir: string | null, file: string, key: FileKey, fresh: IndexBlock[]): TimeIndex {
  const stored = readStored(dir, file);
  const current = usable(stored, key, file);
  const known = current?.blocks ?? [];
  if (!fresh.length) return { ...key, blocks: known };
  const lines = known.map((b) => b.firstLine);
  const blocks = mergeBlocks(known, fresh);
  const index: TimeIndex = { ...key, blocks };
  // rca's three scans of a small source each index the same files at once: the two that finish after the first add
  // nothing to its index, and rewriting it (a file, a rename, a hash of the log's head) was 2/3 of the index's cost.
  const unchanged = current === stored && blocks.length === known.length && blocks.every((b, i) => b === known[i] && Object.is(b.firstLine, lines[i]));
  if (!unchanged) saveIndex(dir, file, index);
  return index;
}

/** Accumulates blocks while a scan reads a stretch of a file from `start` (a line start) on. */
export class IndexBuilder {
  readonly blocks: IndexBlock[] = [];
  private current: IndexBlock;
  private good: { line: number; offset: number };

  /** `firstLine`: number of the line at `start` (NaN when not known; the blocks then count lines from 1). */
  constructor(start: number, private readonly firstLine: number) {
    const from = Number.isFinite(firstLine) ? firstLine : 1;
    this.current = { start, end: start, firstLine: from, lines: 0, min: null, max: null };
    this.good = { line: from - 1, offset: start };
  }

  time(t: number): void {
    const b = this.current;
    if (b.min === null || t < b.min) b.min = t;
    if (b.max === null || t > b.max) b.max = t;
  }

  /** After a chunk: `lastLine` read so far and the offset where the next line starts (-1 inside a cut line). */
  chunk(lastLine: number, offset: number): void {
    if (offset < 0) return;
    this.good = { line: lastLine, offset };
    if (offset - this.current.start >= BLOCK_BYTES) this.close(lastLine, offset);
  }

  /** Ends the scan at the last line start seen (a final unterminated line is left to the next scan); the blocks. */
  finish(): IndexBlock[] {
    if (this.good.offset > this.current.start) this.close(this.good.line, this.good.offset);
    if (!Number.isFinite(this.firstLine)) for (const b of this.blocks) b.firstLine = NaN;
    return this.blocks;
  }

  private close(lastLine: number, offset: number): void {
    const b = this.current;
    this.blocks.push({ ...b, end: offset, lines: lastLine - b.firstLine + 1 });
    this.current = { start: offset, end: offset, firstLine: lastLine + 1, lines: 0, min: null, max: null };
  }
}
