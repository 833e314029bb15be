// Splits a windowed scan (error_signatures, log_stats) into units that worker threads read in parallel: small files
// grouped, and a large plain file's read plan (indexed blocks, located stretches to index, sampled pieces) cut
// into even parts of at most 64 MiB of the bytes it reads; the blocks units index are added to the file's index by this thread.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { TimeWindow } from '../../src/core/time.js';
import type { Coverage } from './coverage.js';
import { cellOf, planFile } from './read-plan.js';
import { loadIndex, recordBlocks, type TimeIndex } from './time-index.js';
import type { ScanOptions, ScanPart } from './window-scan.js';

/** One file of a unit, or the part of it a unit reads; fileIndex orders the merge. */
export interface ScanItem {
  info: FileInfo;
  fileIndex: number;
  part?: ScanPart;
}

export const UNIT_BYTES = 64 * 1024 * 1024;

/** The parts of a large plain file: the spans of its read plan between its cuts (even shares of its bytes). Null: one unit (small or .gz). */
async function partsOf(info: FileInfo, windows: TimeWindow[], opts: ScanOptions, unitBytes: number): Promise<ScanPart[] | null> {
  if (info.file.endsWith('.gz') || info.bytes <= unitBytes) return null;
  const plan = await planFile(info, windows, opts, unitBytes);
  // A sampled plan is one unit: its pacer spreads the time left over the whole window (piece-pacer.ts), where units
  // of 64 MiB would each read all their pieces and leave the window's end to a unit that starts past the deadline.
  if (plan.spans.some((s) => s.kind === 'piece' || s.weight > 1)) return [{ key: plan.key, spans: plan.spans }];
  const parts: ScanPart[] = [];
  let cell = -1;
  for (const span of plan.spans) {
    const at = cellOf(plan.cuts, span.from);
    if (at !== cell) parts.push({ key: plan.key, spans: [] });
    cell = at;
    parts.at(-1)!.spans.push(span);
  }
  return parts;
}

/**
 * The units of a scan, in file order. They depend only on the files, their indexes, the windows and `unitBytes`,
 * never on the number of threads: every unit is merged the same way, so the answer is the same on one thread.
 */
export async function planUnits(files: FileInfo[], windows: TimeWindow[], opts: ScanOptions, unitBytes = UNIT_BYTES): Promise<ScanItem[][]> {
  const units: ScanItem[][] = [];
  let group: ScanItem[] = [];
  let groupBytes = 0;
  const flush = () => {
    if (group.length > 0) units.push(group);
    group = [];
    groupBytes = 0;
  };
  for (let i = 0; i < files.length; i++) {
    const info = files[i]!;
    const parts = await partsOf(info, windows, opts, unitBytes);
    if (parts === null) {
      group.push({ info, fileIndex: i });
      groupBytes += info.bytes;
      if (groupBytes >= unitBytes) flush();
      continue;
    }
    flush();
    for (const part of parts) units.push([{ info, fileIndex: i, part }]);
  }
  flush();
  return units;
}

/** Runs `run` on every unit, at most `threads` at a time (the scan pool caps threads across calls); the results come back in unit order. */
export async function runUnits<U, R>(units: U[], threads: number, run: (unit: U) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(units.length);
  let next = 0;
  const lane = async () => {
    while (next < units.length) {
      const i = next++;
      out[i] = await run(units[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, units.length)) }, lane));
  return out;
}

/**
 * Adds what the units indexed to each file's index (one writer: this thread), then gives the first line number
 * of a block start where it is known by now (NaN otherwise), for entries whose lines were counted from a span start.
 */
export function recordUnits(coverage: Coverage[], cacheDir: string | null): (file: string, from: number) => number {
  const byFile = new Map<string, Coverage['fresh'][]>();
  for (const c of coverage) if (c.fresh) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c.fresh]);
  const indexes = new Map<string, TimeIndex | null>();
  for (const [file, list] of byFile) indexes.set(file, recordBlocks(cacheDir, file, list[0]!.key, list.flatMap((f) => f!.blocks)));
  return (file, from) => {
    if (!indexes.has(file)) {
      try {
        const st = statSync(file);
        indexes.set(file, loadIndex(cacheDir, file, { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs }));
      } catch {
        indexes.set(file, null);
      }
    }
    return indexes.get(file)?.blocks.find((b) => b.start === from)?.firstLine ?? NaN;
  };
}

/** Threads a call may use: the option, else the machine's cores. */
export function scanThreads(option: number | undefined): number {
  return Math.max(1, option ?? availableParallelism());
}
