// Reads the entries of a file that a set of time windows needs: whole blocks from the time index that overlap a
// window, plus any part not indexed yet (read in full, extending the index); over the byte budget, blocks are
// sampled evenly over the window and the coverage says so.
import { stat } from 'node:fs/promises';
import { inWindow, type TimeWindow } from '../../src/core/time.js';
import { windowByteRange } from './byte-search.js';
import { forEachEntry, type LogEntry } from './entries.js';
import { yearReference, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor } from '../../src/core/logs/formats.js';
import { type Coverage } from './coverage.js';
import { GzipPacer } from './gzip-pacer.js';
import { readPaced, type Piece } from './piece-pacer.js';
import { BLOCK_BYTES, coveredTo, IndexBuilder, loadIndex, saveIndex, usable, type IndexBlock, type TimeIndex } from './time-index.js';


export interface ScanOptions {
  reference: number;
  /** Index directory; null keeps indexes in memory only. */
  cacheDir: string | null;
  /** Most bytes of indexed blocks read per file before sampling. */
  budgetBytes: number;
  /**
   * Epoch ms by which the call should be done (well inside the client's call timeout): a first full read projected
   * to end later stops where it is and samples the rest, so a timeout never silently drops the evidence.
   */
  deadline?: number;
  lazy?: boolean;
  /**
   * Read only the blocks of a complete index that start in [from, to), each at `share` of its bytes: one unit of a
   * scan split over threads (scan-units.ts). Without it the whole file is the unit.
   */
  part?: ScanPart;
}

export interface ScanPart {
  from: number;
  to: number;
  share: number;
}

// Indexes in memory too: a worker reuses them across calls without touching the disk.
const memory = new Map<string, TimeIndex>();

function overlaps(b: IndexBlock, windows: TimeWindow[]): boolean {
  if (b.min === null || b.max === null) return false;
  return windows.some((w) => (w.from === null || b.max! >= w.from) && (w.to === null || b.min! <= w.to));
}

/** The indexed blocks a scan must read: those overlapping a window, and untimed blocks right after one. */
export function selectBlocks(blocks: IndexBlock[], windows: TimeWindow[]): IndexBlock[] {
  const out: IndexBlock[] = [];
  let prevKept = false;
  for (const b of blocks) {
    // Untimed blocks (a long stack trace) belong to the entry before them.
    const keep: boolean = b.min === null ? prevKept : overlaps(b, windows);
    if (keep) out.push(b);
    prevKept = keep;
  }
  return out;
}

export interface ReadSpan {
  from: number;
  to: number;
  firstLine: number;
  /** How many entries of the window each entry read stands for (1 when read in full). */
  weight: number;
}

/** Smallest piece read from a block when sampling: a few hundred lines. */
const MIN_PIECE = 32 * 1024;

/** The share of the blocks' bytes a budget allows (1: read them all). */
export function shareFor(blocks: IndexBlock[], budget: number): number {
  const total = blocks.reduce((a, b) => a + b.end - b.start, 0);
  return total <= budget ? 1 : budget / total;
}

/**
 * The spans to read: whole blocks (consecutive ones joined) at share 1; otherwise the same share of every block,
 * from its start (stratified: every stretch of the window is represented, not just some). Each sampled piece
 * weighs for its own block, so the estimate does not depend on how the blocks are split between threads.
 */
export function readSpans(blocks: IndexBlock[], share: number): ReadSpan[] {
  const out: ReadSpan[] = [];
  for (const b of blocks) {
    const to = share >= 1 ? b.end : Math.min(b.end, b.start + Math.max(MIN_PIECE, Math.floor((b.end - b.start) * share)));
    const last = out.at(-1);
    if (last && last.to === b.start && share >= 1) last.to = to;
    else out.push({ from: b.start, to, firstLine: b.firstLine, weight: (b.end - b.start) / Math.max(1, to - b.start) });
  }
  return out;
}

/** Where an entry was read: the sampled piece it came from (absent when read in full), for judging rare messages. */
export type EntrySink = (e: LogEntry, weight: number, piece?: Piece) => void;

/**
 * Calls `onEntry` for the entries of `info` the windows may need, in file order. Entries outside every window can
 * still be delivered (callers filter by time); blocks left out hold none of the windows' entries.
 */
export async function scanWindows(
  info: FileInfo,
  windows: TimeWindow[],
  opts: ScanOptions,
  onEntry: EntrySink,
): Promise<Coverage> {
  const st = await stat(info.file);
  const key = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  let index = usable(memory.get(info.file) ?? null, key) ?? loadIndex(opts.cacheDir, info.file, key);
  if (index && info.file.endsWith('.gz') && index.size !== key.size) index = null; // a gzip file is rewritten, not appended to
  const reference = yearReference(info, opts.reference);
  const gz = info.file.endsWith('.gz');
  const known = index?.blocks ?? [];
  const part = opts.part;
  const selected = selectBlocks(known, windows).filter((b) => !part || (b.start >= part.from && b.start < part.to));
  const windowBytes = selected.reduce((a, b) => a + b.end - b.start, 0);
  // .gz is inflated in order whatever is kept, so it is read up to its last needed block, not sampled.
  const spans = readSpans(selected, part ? part.share : gz ? 1 : shareFor(selected, opts.budgetBytes));
  let readBytes = spans.reduce((a, r) => a + r.to - r.from, 0);
  const from = index ? coveredTo(index) : 0;
  if (!index && !gz && key.size > opts.budgetBytes && !part) return sampleUnindexed(info, key.size, windows, opts, onEntry);
  const whole = (e: LogEntry) => onEntry(e, 1);
  const complete = index !== null && (gz || from >= key.size);
  if (gz && complete) {
    // No seeking in a gzip stream: inflate from the start up to the last block a window needs, or skip the file.
    const end = selected.at(-1)?.end ?? 0;
    if (end === 0) return { file: info.file, windowBytes, readBytes: 0, fraction: 1, index: 'used' };
    const pacer = new GzipPacer(key.size * Math.min(1, end / Math.max(1, index!.size)), opts.deadline);
    await forEachEntry(info.file, info.format, reference, (e) => onEntry(e, pacer.stride), { lazy: opts.lazy, range: { to: end }, skip: pacer.skip, onChunk: pacer.onChunk });
    return { ...pacer.coverage(info.file, end), index: 'used' };
  }
  const share = part ? part.share : shareFor(selected, opts.budgetBytes);
  if (!gz && share < 1) {
    // Sampled blocks: a piece of each, thinned further if the pace says the deadline would pass first.
    const paced = await readPaced(selected.map((b) => ({ from: b.start, to: b.end, firstLine: b.firstLine })), share, opts.deadline, (p) => forEachEntry(info.file, info.format, reference, (e) => onEntry(e, p.weight, p), { lazy: opts.lazy, range: p }), { minPiece: 32 * 1024 });
    readBytes = paced.readBytes;
  } else if (!gz) for (const r of spans) await forEachEntry(info.file, info.format, reference, (e) => onEntry(e, r.weight), { lazy: opts.lazy, range: r });
  // A unit of a split scan reads only its blocks (planned from a complete index; the rest is other units' part).
  if (complete || part) return { file: info.file, windowBytes, readBytes, fraction: windowBytes ? readBytes / windowBytes : 1, index: 'used' };
  // The part not indexed yet (all of a new file, the appended tail of a known one): read it all, indexing it.
  const firstLine = known.length ? known.at(-1)!.firstLine + known.at(-1)!.lines : 1;
  const builder = new IndexBuilder(gz ? 0 : from, gz ? 1 : firstLine);
  const started = Date.now();
  let stoppedAt = -1;
  const pacer = gz ? new GzipPacer(key.size, opts.deadline) : null;
  // Projects the read's end from its pace so far; past the deadline, stop at a line start and sample the rest.
  const onChunk = (line: number, offset: number, source?: number): boolean => {
    if (pacer) return pacer.onChunk(line, offset, source);
    if (opts.deadline === undefined || offset < 0 || offset - from < 8 * BLOCK_BYTES) return true;
    const now = Date.now();
    const rate = (offset - from) / Math.max(1, now - started);
    if (now + (key.size - offset) / rate <= opts.deadline) return true;
    stoppedAt = offset;
    return false;
  };
  const weighed = pacer ? (e: LogEntry) => onEntry(e, pacer.stride) : whole;
  await forEachEntry(info.file, info.format, reference, weighed, { lazy: opts.lazy, range: gz ? {} : { from, firstLine }, index: builder, onChunk, skip: pacer?.skip });
  // A sampled stream leaves no index: its skipped pieces have no times.
  if (pacer && pacer.sampled) return { ...pacer.coverage(info.file), index: 'none' };
  builder.finish();
  const fresh: TimeIndex = { ...key, blocks: gz ? builder.blocks : [...known, ...builder.blocks] };
  memory.set(info.file, fresh);
  if (memory.size > 1_000) memory.clear();
  saveIndex(opts.cacheDir, info.file, fresh); // a stopped read still leaves its prefix indexed for the next call
  if (stoppedAt >= 0) {
    const rate = (stoppedAt - from) / Math.max(1, Date.now() - started);
    const rest = await sampleUnindexed(info, key.size, windows, { ...opts, budgetBytes: Math.max(BLOCK_BYTES, rate * Math.max(0, opts.deadline! - Date.now()) * 0.7) }, onEntry, coveredTo(fresh));
    const prefix = coveredTo(fresh) - from;
    return { file: info.file, windowBytes: windowBytes + prefix + rest.windowBytes, readBytes: readBytes + prefix + rest.readBytes, fraction: (readBytes + prefix + rest.readBytes) / Math.max(1, windowBytes + prefix + rest.windowBytes), index: 'extended' };
  }
  const tail = key.size - from;
  readBytes += tail;
  return { file: info.file, windowBytes: windowBytes + tail, readBytes, fraction: windowBytes + tail ? readBytes / (windowBytes + tail) : 1, index: index ? 'extended' : 'built' };
}

/**
 * A file larger than the budget and not indexed yet: binary search finds the windows' byte range, and even pieces
 * of it are read (no index is built: that would mean reading it all). Line numbers are not counted (NaN).
 */
async function sampleUnindexed(info: FileInfo, size: number, windows: TimeWindow[], opts: ScanOptions, onEntry: EntrySink, after = 0): Promise<Coverage> {
  const reference = yearReference(info, opts.reference);
  const found = await windowByteRange(info.file, size, windows, parserFor(info.format, reference));
  // `after`: a line start up to which the file was already read in full.
  const range = found.from >= after ? found : { ...found, from: after, to: Math.max(after, found.to) };
  const windowBytes = range.to - range.from;
  const share = Math.min(1, opts.budgetBytes / Math.max(1, windowBytes));
  // At least a few hundred strata, so even a short window is spread over evenly.
  const stride = Math.min(BLOCK_BYTES, Math.max(64 * 1024, Math.floor(windowBytes / 512)));
  const strata = [];
  for (let at = range.from; at < range.to; at += stride) strata.push({ from: at, to: Math.min(range.to, at + stride), firstLine: NaN });
  // A piece starts mid-line except at a line start: its first (cut) line is skipped by starting after it. Near the
  // deadline the pacer keeps fewer strata, each weighing for those it skips, so the whole window is still sampled.
  const paced = await readPaced(strata, share, opts.deadline, (p) => forEachEntry(info.file, info.format, reference, (e) => onEntry(e, p.weight, p), { lazy: opts.lazy, range: { ...p, alignStart: p.from !== range.from } }));
  return { file: info.file, windowBytes, readBytes: paced.readBytes, fraction: windowBytes ? paced.readBytes / windowBytes : 1, index: 'none' };
}

/** True when some window holds `t` (entries without time count only for unbounded windows). */
export function inAnyWindow(t: number | null, windows: TimeWindow[]): boolean {
  return windows.some((w) => (t === null ? w.from === null && w.to === null : inWindow(t, w)));
}
