// A small per-file time index: the file cut into ~1 MiB blocks of whole lines, each with its first line number and
// the earliest and latest entry time, stored in the cache directory keyed by device, inode, size and mtime.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const BLOCK_BYTES = 1 << 20;
const VERSION = 1;

export interface IndexBlock {
  start: number;
  end: number;
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
  /** Blocks in file order, covering [0, last block's end) without gaps. */
  blocks: IndexBlock[];
}

const blockTuple = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number().nullable(), z.number().nullable()]);
const stored = z.object({ version: z.literal(VERSION), dev: z.number(), ino: z.number(), size: z.number(), mtimeMs: z.number(), blocks: z.array(blockTuple) });

export function coveredTo(index: TimeIndex): number {
  return index.blocks.at(-1)?.end ?? 0;
}

function fileName(dir: string, file: string): string {
  return path.join(dir, `${createHash('sha1').update(file).digest('hex').slice(0, 20)}.json`);
}

/** What of a stored index still describes the file: all of it, its blocks as a prefix (appended), or nothing (rotated). */
export function usable(index: TimeIndex | null, key: FileKey): TimeIndex | null {
  if (!index || index.dev !== key.dev || index.ino !== key.ino) return null; // another file now has this name
  if (index.size === key.size && index.mtimeMs === key.mtimeMs) return index;
  if (key.size > index.size && coveredTo(index) <= key.size) return { ...key, blocks: index.blocks }; // appended to
  return null; // truncated or rewritten in place
}

export function loadIndex(dir: string | null, file: string, key: FileKey): TimeIndex | null {
  if (!dir) return null;
  try {
    const s = stored.parse(JSON.parse(readFileSync(fileName(dir, file), 'utf8')));
    const index: TimeIndex = { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, blocks: s.blocks.map(([start, end, firstLine, lines, min, max]) => ({ start, end, firstLine, lines, min, max })) };
    return usable(index, key);
  } catch {
    return null; // none yet, or unreadable: it is rebuilt
  }
}

export function saveIndex(dir: string | null, file: string, index: TimeIndex): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const target = fileName(dir, file);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    const { blocks, ...key } = index;
    writeFileSync(tmp, JSON.stringify({ version: VERSION, ...key, blocks: blocks.map((b) => [b.start, b.end, b.firstLine, b.lines, b.min, b.max]) }));
    renameSync(tmp, target); // atomic: concurrent scans never see half an index
  } catch {
    // A read-only or full cache directory only costs the next call a full read.
  }
}

/** Accumulates blocks while a scan reads a file from `start` (a line start) to its end. */
export class IndexBuilder {
  readonly blocks: IndexBlock[] = [];
  private current: IndexBlock;
  private good: { line: number; offset: number };

  constructor(start: number, firstLine: number) {
    this.current = { start, end: start, firstLine, lines: 0, min: null, max: null };
    this.good = { line: firstLine - 1, offset: start };
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

  /** Ends the scan at the last line start seen; a final unterminated line is left to the next scan. */
  finish(): void {
    if (this.good.offset > this.current.start) this.close(this.good.line, this.good.offset);
  }

  private close(lastLine: number, offset: number): void {
    const b = this.current;
    this.blocks.push({ ...b, end: offset, lines: lastLine - b.firstLine + 1 });
    this.current = { start: offset, end: offset, firstLine: lastLine + 1, lines: 0, min: null, max: null };
  }
}
