// What a windowed scan reads of one plain file: the indexed blocks that overlap a window, and the stretches of the
// parts not indexed yet that binary search on timestamps says may hold the windows' entries (read in full and
// indexed); over the byte budget, an even share of every stretch instead (sampled), the weights saying how much.
import { stat } from 'node:fs/promises';
import type { TimeWindow } from '../../src/core/time.js';
import { datingOf, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor } from '../../src/core/logs/formats.js';
import { BLOCK_BYTES, gapsOf, loadIndex, type FileKey, type IndexBlock } from './time-index.js';
import { lineStartIn, locateInGap } from './window-locate.js';

/** A file at most this large (within the budget) is read whole rather than searched: the first read indexes all of it. */
export const SMALL_FILE = 8 * BLOCK_BYTES;
/** Smallest piece read from a block or stretch when sampling: a few hundred lines. */
const MIN_PIECE = 32 * 1024;
/** Smallest piece of a unit read at a share (unit-pacer.ts). */
const UNIT_PIECE = 64 * 1024;
/** A plan split for threads gets at least this many parts (when each holds this many bytes): so a window of a unit
 * or two is still read by every core, whatever the grid of the file's offsets. */
const MIN_PARTS = 4;
const MIN_PART_BYTES = 8 * 1024 * 1024;

export interface PlanSpan {
  from: number;
  to: number;
  /** Number of the line at `from`; NaN when the lines before it were never counted (lines then count from 1 here). */
  firstLine: number;
  /** How many entries of the window each entry read stands for (1 when read in full). */
  weight: number;
  /** `index`: a stretch read in full that adds blocks to the index; `piece`: a sampled piece that may start mid-line. */
  kind: 'blocks' | 'index' | 'piece';
  /** A piece that may start inside a line: its first (cut) line is skipped. */
  align?: boolean;
}

export interface FilePlan {
  key: FileKey;
  spans: PlanSpan[];
  /** Bytes the windows need: selected blocks plus located stretches. */
  windowBytes: number;
  /** Stretches not indexed yet were searched by probing (rather than the file read whole). */
  located: boolean;
  /** Offsets where the plan may be split for threads (cellOf): spans never cross one. Empty: one part. */
  cuts: number[];
}

/** The part of a split plan an offset falls in: the number of cuts at or before it. */
export function cellOf(cuts: number[], at: number): number {
  let n = 0;
  while (n < cuts.length && cuts[n]! <= at) n++;
  return n;
}

/**
 * Where to split the bytes a plan reads (`ranges`, in file order) into parts of at most `cut` bytes each (and at
 * least MIN_PARTS of MIN_PART_BYTES or more): equal shares of those bytes, so the threads get even work wherever
 * the window lies in the file. Depends only on the ranges and `cut`, never on the number of threads.
 */
export function cutsFor(ranges: Array<{ from: number; to: number }>, cut: number): number[] {
  if (!Number.isFinite(cut)) return [];
  const total = ranges.reduce((a, r) => a + r.to - r.from, 0);
  const parts = Math.max(Math.ceil(total / cut), Math.min(MIN_PARTS, Math.floor(total / MIN_PART_BYTES)));
  const cuts: number[] = [];
  let before = 0;
  let k = 1;
  for (const r of ranges) {
    // The k-th cut falls `k * total / parts` bytes into the ranges.
    for (; k < parts && Math.ceil((k * total) / parts) < before + r.to - r.from; k++) cuts.push(r.from + Math.ceil((k * total) / parts) - before);
    before += r.to - r.from;
  }
  return [...new Set(cuts)];
}

function overlaps(b: IndexBlock, windows: TimeWindow[]): boolean {
  if (b.min === null || b.max === null) return false;
  return windows.some((w) => (w.from === null || b.max! >= w.from) && (w.to === null || b.min! <= w.to));
}

/** The indexed blocks a scan must read: those overlapping a window, and untimed blocks right after one (or a gap). */
export function selectBlocks(blocks: IndexBlock[], windows: TimeWindow[]): IndexBlock[] {
  const out: IndexBlock[] = [];
  let prev: { kept: boolean; end: number } = { kept: false, end: 0 };
  for (const b of blocks) {
    // Untimed blocks (a long stack trace) belong to the entry before them, unknown after a gap: kept then.
    const keep: boolean = b.min === null ? prev.kept || prev.end !== b.start : overlaps(b, windows);
    if (keep) out.push(b);
    prev = { kept: keep, end: b.end };
  }
  return out;
}

/** The share of `bytes` a budget allows (1: read them all). */
export function shareFor(bytes: number, budget: number): number {
  return bytes <= budget ? 1 : budget / bytes;
}

/**
 * The spans of selected blocks: whole blocks (consecutive ones joined, never across one of the `cuts`) at share
 * 1; otherwise the same share of every block, from its start (stratified: every stretch of the window is
 * represented). Each sampled piece weighs for its own block, so the estimate does not depend on the split.
 */
export function blockSpans(blocks: IndexBlock[], share: number, cuts: number[] = []): PlanSpan[] {
  const out: PlanSpan[] = [];
  for (const b of blocks) {
    const to = share >= 1 ? b.end : Math.min(b.end, b.start + Math.max(MIN_PIECE, Math.floor((b.end - b.start) * share)));
    const last = out.at(-1);
    if (last && last.to === b.start && share >= 1 && cellOf(cuts, last.from) === cellOf(cuts, b.start)) last.to = to;
    else out.push({ from: b.start, to, firstLine: b.firstLine, weight: (b.end - b.start) / Math.max(1, to - b.start), kind: 'blocks' });
  }
  return out;
}

/**
 * Even pieces of a stretch not indexed (at least a few hundred strata, so even a short window is spread over), each
 * at least 4 KiB; with `minPiece`, at least that long, the strata growing at a small share rather than the pieces
 * shrinking below it.
 */
export function pieces(range: { from: number; to: number }, share: number, minPiece?: number): PlanSpan[] {
  const bytes = range.to - range.from;
  const even = Math.min(BLOCK_BYTES, Math.max(64 * 1024, Math.floor(bytes / 512)));
  const stride = minPiece === undefined ? even : Math.max(even, Math.min(bytes, Math.floor(minPiece / Math.max(share, 1e-9))));
  const out: PlanSpan[] = [];
  for (let at = range.from; at < range.to; at += stride) {
    out.push({ from: at, to: Math.min(range.to, at + Math.max(minPiece ?? 4096, Math.floor(stride * share))), firstLine: NaN, weight: 1, kind: 'piece', align: at !== range.from });
  }
  const planned = out.reduce((a, p) => a + p.to - p.from, 0);
  for (const p of out) p.weight = planned > 0 ? bytes / planned : 1;
  return out;
}

/**
 * The spans at `share`: those read in full become even pieces of it, each at least UNIT_PIECE (a piece costs a
 * file read of its own, which dominates below that); pieces already sampled stay as they are.
 */
export function atShare(spans: PlanSpan[], share: number): PlanSpan[] {
  return spans.flatMap((s) => (s.kind === 'piece' || s.weight > 1 ? [s] : pieces(s, share, UNIT_PIECE)));
}

/**
 * The plan for one plain (not .gz) file. `cut`: the bytes it reads are split into even parts of at most that size
 * (cutsFor; stretches to index at line starts, blocks at block starts), so a caller can hand parts to threads.
 */
export async function planFile(info: FileInfo, windows: TimeWindow[], opts: { reference: number; cacheDir: string | null; budgetBytes: number }, cut = Infinity): Promise<FilePlan> {
  const st = await stat(info.file);
  const key = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  const blocks = loadIndex(opts.cacheDir, info.file, key)?.blocks ?? [];
  const selected = selectBlocks(blocks, windows);
  const parse = parserFor(info.format, datingOf(info, opts.reference), info.file);
  const stretches: Array<{ from: number; to: number; firstLine: number }> = [];
  let located = false;
  for (const gap of gapsOf(blocks, key.size)) {
    const { prev, next } = gap;
    const lineAtGap = gap.from === 0 ? 1 : prev && prev.end === gap.from ? prev.firstLine + prev.lines : NaN;
    // A gap of a block or less costs less to read than to search, and joins its neighbours (line numbers carry on).
    const small = gap.to - gap.from <= Math.min(key.size <= SMALL_FILE ? SMALL_FILE : BLOCK_BYTES, opts.budgetBytes);
    const found = small ? { ranges: [{ from: gap.from, to: gap.to }] } : await locateInGap(info.file, gap, windows, parse, prev?.max ?? null, next?.min ?? null);
    located ||= !small;
    for (const r of found.ranges) stretches.push({ from: r.from, to: r.to, firstLine: r.from === gap.from ? lineAtGap : NaN });
  }
  const blockBytes = selected.reduce((a, b) => a + b.end - b.start, 0);
  const stretchBytes = stretches.reduce((a, r) => a + r.to - r.from, 0);
  const share = shareFor(blockBytes + stretchBytes, opts.budgetBytes);
  const ranges = [...selected.map((b) => ({ from: b.start, to: b.end })), ...stretches].sort((a, b) => a.from - b.from);
  const cuts = share < 1 ? [] : cutsFor(ranges, cut);
  const spans = blockSpans(selected, share, cuts);
  for (const r of stretches) {
    if (share < 1) {
      spans.push(...pieces(r, share));
      continue;
    }
    // Cut at the first line start from each cut: each piece can be read (and indexed) on its own.
    let from = r.from;
    let firstLine = r.firstLine;
    while (from < r.to) {
      const next = cuts.find((c) => c > from) ?? Infinity;
      // A cut near the stretch's end leaves a short piece, but it is read with what follows in its part.
      const to = next >= r.to ? r.to : await lineStartIn(info.file, next, r.to);
      spans.push({ from, to, firstLine, weight: 1, kind: 'index' });
      from = to;
      firstLine = NaN;
    }
  }
  spans.sort((a, b) => a.from - b.from);
  return { key, spans, windowBytes: blockBytes + stretchBytes, located, cuts };
}
