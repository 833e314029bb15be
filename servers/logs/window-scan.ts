// Reads the entries of a file that a set of time windows needs, following its read plan (read-plan.ts): indexed
// blocks that overlap a window, stretches not indexed yet that binary search located (read in full, adding to the
// index) and, over the byte or time budget, even pieces of the window (the coverage says so). .gz streams are read
// in order up to their last needed block.
import { stat } from 'node:fs/promises';
import type { LogLevel } from '../../src/core/evidence.js';
import { inWindow, type TimeWindow } from '../../src/core/time.js';
import { withOpenFile } from '../../src/core/logs/chunk-reader.js';
import { forEachEntry, type EntryHead, type LogEntry } from './entries.js';
import { datingOf, type FileInfo } from '../../src/core/logs/file-info.js';
import { type Coverage } from './coverage.js';
import { GzipPacer } from './gzip-pacer.js';
import { clockOf, wallBound, type BudgetClock } from './budget-clock.js';
import { readPaced } from './piece-pacer.js';
import { atShare, pieces, planFile, selectBlocks, type PlanSpan } from './read-plan.js';
import { BLOCK_BYTES, coveredTo, IndexBuilder, loadIndex, recordBlocks, saveIndex, type FileKey, type IndexBlock, type TimeIndex } from './time-index.js';

export interface ScanOptions {
  reference: number;
  /** Index directory; null keeps indexes in memory only. */
  cacheDir: string | null;
  /** Most bytes of a file's window read before sampling. */
  budgetBytes: number;
  /**
   * When the call should be done, on `clock` (well inside the client's call timeout): a read to index projected
   * to end later stops where it is and samples the rest, so a timeout never silently drops the evidence.
   */
  deadline?: number;
  /** The clock the deadline is on (budget-clock.ts: CPU time, wall-clock ceiling); absent: epoch ms. */
  clock?: BudgetClock;
  lazy?: boolean;
  /** Entries below this level are only counted, never kept (forEachEntry's minLevel, with the scan's admit). */
  minLevel?: LogLevel;
  /** Read only these spans of a plain file: one unit of a scan split over threads (scan-units.ts). */
  part?: ScanPart;
}

export interface ScanPart {
  key: FileKey;
  spans: PlanSpan[];
  /** Read only this share of the spans, as even pieces: the call's pace leaves no time for all (unit-pacer.ts). */
  share?: number;
  /** This unit's own deadline (its turn of the call's time left), before the call's. */
  deadline?: number;
}

/** Where an entry was read: its span (lines count from 1 there when the span's firstLine is NaN). */
export type EntrySink = (e: LogEntry, weight: number, span: PlanSpan) => void;
/** Asked at each entry's first line before it is built (forEachEntry's `admit`): false skips the entry unbuilt. */
export type EntryAdmit = (head: EntryHead, weight: number, span: PlanSpan) => boolean;

/**
 * Calls `onEntry` for the entries of `info` the windows may need, in file order. Entries outside every window can
 * still be delivered (callers filter by time); what is left out holds none of the windows' entries.
 */
export async function scanWindows(info: FileInfo, windows: TimeWindow[], opts: ScanOptions, onEntry: EntrySink, admit?: EntryAdmit): Promise<Coverage> {
  if (info.file.endsWith('.gz')) return scanGzip(info, windows, opts, onEntry, admit);
  // One handle for all the reads of the file (a sampled window is hundreds of them).
  return withOpenFile(info.file, () => scanPlain(info, windows, opts, onEntry, admit));
}

/** forEachEntry's admit for the entries of one span read at one weight. */
const admitIn = (admit: EntryAdmit | undefined, weight: number, span: PlanSpan) => (admit ? (h: EntryHead) => admit(h, weight, span) : undefined);

async function scanPlain(info: FileInfo, windows: TimeWindow[], callOpts: ScanOptions, onEntry: EntrySink, admit?: EntryAdmit): Promise<Coverage> {
  const part = callOpts.part;
  const opts = part?.deadline !== undefined ? { ...callOpts, deadline: Math.min(part.deadline, callOpts.deadline ?? Infinity) } : callOpts;
  const plan = part ? (part.share !== undefined && part.share < 1 ? { ...part, spans: atShare(part.spans, part.share) } : part) : await planFile(info, windows, opts);
  const fresh: IndexBlock[] = [];
  const dating = datingOf(info, opts.reference);
  let windowBytes = 0;
  let readBytes = 0;
  let sampled = false;
  const toIndex = plan.spans.filter((s) => s.kind === 'index');
  let indexLeft = toIndex.reduce((a, s) => a + s.to - s.from, 0);
  const now = clockOf(opts.clock);
  const started = now();
  let indexed = 0;
  const readSpan = (span: PlanSpan) => {
    const sink = (e: LogEntry) => onEntry(e, span.weight, span);
    const firstLine = span.kind === 'piece' ? NaN : Number.isFinite(span.firstLine) ? span.firstLine : 1;
    return forEachEntry(info.file, info.format, dating, sink, { lazy: opts.lazy, minLevel: opts.minLevel, range: { from: span.from, to: span.to, firstLine, alignStart: span.align }, admit: admitIn(admit, span.weight, span) });
  };
  const spans = plan.spans;
  for (let at = 0; at < spans.length; at++) {
    const span = spans[at]!;
    const line = Number.isFinite(span.firstLine) ? span.firstLine : 1;
    if (span.kind !== 'index') {
      // A run of sampled spans goes through the pacer: near the deadline it reads fewer, each weighing for those it
      // skips, so the sample still spans the whole window instead of stopping part-way (piece-pacer.ts).
      let end = at;
      while (end < spans.length && spans[end]!.kind !== 'index' && (spans[end]!.kind === 'piece' || spans[end]!.weight > 1)) end++;
      if (end > at) {
        const paced = await readPaced(spans.slice(at, end), opts.deadline, readSpan, now);
        windowBytes += paced.windowBytes;
        readBytes += paced.readBytes;
        sampled = true;
        at = end - 1;
        continue;
      }
      await readSpan(span);
      windowBytes += span.to - span.from;
      readBytes += span.to - span.from;
      continue;
    }
    // Read in full, indexing; from the pace so far, a read that would end past the deadline stops at a line start.
    const builder = new IndexBuilder(span.from, span.firstLine);
    let stoppedAt = -1;
    const onChunk = (_line: number, offset: number): boolean => {
      if (opts.deadline === undefined || offset < 0 || indexed + offset - span.from < 8 * BLOCK_BYTES) return true;
      const at = now();
      const rate = (indexed + offset - span.from) / Math.max(1, at - started);
      if (at + (indexLeft - (offset - span.from)) / rate <= opts.deadline) return true;
      stoppedAt = offset;
      return false;
    };
    await forEachEntry(info.file, info.format, dating, (e) => onEntry(e, 1, span), { lazy: opts.lazy, minLevel: opts.minLevel, range: { from: span.from, to: span.to, firstLine: line }, index: builder, onChunk, admit: admitIn(admit, 1, span) });
    fresh.push(...builder.finish());
    const done = (stoppedAt >= 0 ? stoppedAt : span.to) - span.from;
    indexed += done;
    indexLeft -= span.to - span.from;
    windowBytes += done;
    readBytes += done;
    if (stoppedAt < 0) continue;
    // Out of time: even pieces of the rest of this stretch, at the share the pace leaves room for.
    const rate = indexed / Math.max(1, now() - started);
    const rest = { from: stoppedAt, to: span.to };
    const budget = Math.max(BLOCK_BYTES, rate * Math.max(0, opts.deadline! - now()) * 0.7);
    const c = await samplePieces(info, rest, budget, opts, (e, w, s) => onEntry(e, w, s), admit);
    windowBytes += c.windowBytes;
    readBytes += c.readBytes;
    sampled = true;
  }
  if (!opts.part && fresh.length) recordBlocks(opts.cacheDir, info.file, plan.key, fresh);
  const index: Coverage['index'] = toIndex.length === 0 ? (plan.spans.some((s) => s.kind === 'blocks') ? 'used' : 'none') : fresh.length && plan.spans.some((s) => s.kind === 'blocks') ? 'extended' : fresh.length ? 'built' : 'none';
  return {
    file: info.file,
    windowBytes,
    readBytes,
    fraction: sampled && windowBytes > 0 ? Math.min(1, readBytes / windowBytes) : 1,
    index: sampled && !fresh.length ? 'none' : index,
    ...(sampled && wallBound(opts.clock) ? { busy: true } : {}),
    ...(opts.part && fresh.length ? { fresh: { key: plan.key, blocks: fresh } } : {}),
  };
}

/** Reads even pieces of `range` (a line start to a line start) adding up to about `budget` bytes; the pieces read. */
async function samplePieces(info: FileInfo, range: { from: number; to: number }, budget: number, opts: ScanOptions, onEntry: EntrySink, admit?: EntryAdmit): Promise<{ windowBytes: number; readBytes: number }> {
  const dating = datingOf(info, opts.reference);
  const spans = pieces(range, Math.min(1, budget / Math.max(1, range.to - range.from)));
  // Paced: near the deadline fewer pieces, each weighing for those skipped, still spread over the whole stretch.
  const paced = await readPaced(spans, opts.deadline, (p) => forEachEntry(info.file, info.format, dating, (e) => onEntry(e, p.weight, p), { lazy: opts.lazy, minLevel: opts.minLevel, range: { ...p, alignStart: p.align }, admit: admitIn(admit, p.weight, p) }), clockOf(opts.clock));
  return { windowBytes: paced.windowBytes, readBytes: paced.readBytes };
}

/** A .gz stream cannot seek: with a complete index it is inflated up to the last block a window needs; without, all of it (indexing). */
async function scanGzip(info: FileInfo, windows: TimeWindow[], opts: ScanOptions, onEntry: EntrySink, admit?: EntryAdmit): Promise<Coverage> {
  const st = await stat(info.file);
  const key = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  let index: TimeIndex | null = loadIndex(opts.cacheDir, info.file, key);
  if (index && (index.size !== key.size || index.mtimeMs !== key.mtimeMs)) index = null; // a gzip file is rewritten, not appended to
  const dating = datingOf(info, opts.reference);
  const whole: PlanSpan = { from: 0, to: Infinity, firstLine: 1, weight: 1, kind: 'blocks' };
  // Once sampled, each parsed piece of the stream is its own span: signatures count the pieces that held them.
  let span = whole;
  const spanOf = (pacer: GzipPacer) => {
    if (pacer.stride > 1 && span.from !== pacer.piece) span = { ...whole, from: pacer.piece };
    return span;
  };
  const sink = (pacer: GzipPacer) => (e: LogEntry) => onEntry(e, pacer.stride, spanOf(pacer));
  const admitOf = (pacer: GzipPacer) => (admit ? (h: EntryHead) => admit(h, pacer.stride, spanOf(pacer)) : undefined);
  if (index) {
    const selected = selectBlocks(index.blocks, windows);
    const windowBytes = selected.reduce((a, b) => a + b.end - b.start, 0);
    const end = selected.at(-1)?.end ?? 0;
    if (end === 0) return { file: info.file, windowBytes, readBytes: 0, fraction: 1, index: 'used' };
    const pacer = new GzipPacer(key.size * Math.min(1, end / Math.max(1, coveredTo(index))), opts.deadline, clockOf(opts.clock));
    await forEachEntry(info.file, info.format, dating, sink(pacer), { lazy: opts.lazy, minLevel: opts.minLevel, range: { to: end }, skip: pacer.skip, onChunk: pacer.onChunk, admit: admitOf(pacer) });
    return { ...pacer.coverage(info.file, end), index: 'used' };
  }
  const builder = new IndexBuilder(0, 1);
  const pacer = new GzipPacer(key.size, opts.deadline, clockOf(opts.clock));
  await forEachEntry(info.file, info.format, dating, sink(pacer), { lazy: opts.lazy, minLevel: opts.minLevel, range: {}, index: builder, onChunk: pacer.onChunk, skip: pacer.skip, admit: admitOf(pacer) });
  // A sampled stream leaves no index: its skipped pieces have no times.
  if (pacer.sampled) return { ...pacer.coverage(info.file), index: 'none', ...(wallBound(opts.clock) ? { busy: true } : {}) };
  saveIndex(opts.cacheDir, info.file, { ...key, blocks: builder.finish() });
  const c = pacer.coverage(info.file);
  return { ...c, index: 'built' };
}

/** True when some window holds `t` (entries without time count only for unbounded windows). */
export function inAnyWindow(t: number | null, windows: TimeWindow[]): boolean {
  return windows.some((w) => (t === null ? w.from === null && w.to === null : inWindow(t, w)));
}
