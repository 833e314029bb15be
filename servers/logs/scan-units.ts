// Splits a windowed scan (error_signatures, log_stats) into units that worker threads read in parallel: small files
// grouped, and a large file with a complete time index cut into the selected blocks of each 64 MiB of it.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { TimeWindow } from '../../src/core/time.js';
import { coveredTo, loadIndex } from './time-index.js';
import { selectBlocks, shareFor, type ScanOptions, type ScanPart } from './window-scan.js';

/** One file of a unit, or the part of it a unit reads; fileIndex orders the merge. */
export interface ScanItem {
  info: FileInfo;
  fileIndex: number;
  part?: ScanPart;
}

export const UNIT_BYTES = 64 * 1024 * 1024;

/**
 * The parts of a large indexed file: its blocks the windows need, cut on a fixed byte grid, all read at the share
 * the budget allows. Null: read the file as one unit (small, gzip, or not indexed yet: that read builds the index).
 */
async function partsOf(info: FileInfo, windows: TimeWindow[], opts: ScanOptions, unitBytes: number): Promise<ScanPart[] | null> {
  if (info.file.endsWith('.gz') || !opts.cacheDir) return null;
  const st = await stat(info.file);
  if (st.size <= unitBytes) return null;
  const index = loadIndex(opts.cacheDir, info.file, { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
  if (!index || coveredTo(index) < st.size) return null;
  const selected = selectBlocks(index.blocks, windows);
  const share = shareFor(selected, opts.budgetBytes);
  const parts: ScanPart[] = [];
  for (const b of selected) {
    const from = Math.floor(b.start / unitBytes) * unitBytes;
    if (parts.at(-1)?.from !== from) parts.push({ from, to: from + unitBytes, share });
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

/** Threads a call may use: the option, else the machine's cores. */
export function scanThreads(option: number | undefined): number {
  return Math.max(1, option ?? availableParallelism());
}
