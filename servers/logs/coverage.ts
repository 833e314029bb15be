// What a windowed scan read of each file, and the sentence that says so when it sampled: counts are then
// estimates, and the tool output and the report must say how much was read.
import type { FileKey, IndexBlock } from './time-index.js';

/** What a scan read of one file, for the honest note in the tool output. */
export interface Coverage {
  file: string;
  /** Bytes of the blocks the windows need (whole file when not indexed yet). */
  windowBytes: number;
  readBytes: number;
  /** readBytes / windowBytes over the sampled part; 1 when read in full. */
  fraction: number;
  index: 'built' | 'used' | 'extended' | 'none';
  /** A .gz stream sampled by parsing every `stride`-th piece (it cannot be read in pieces). */
  stride?: number;
  /** Sampled because the wall-clock ceiling ran out before the CPU time budget (budget-clock.ts): a busy machine. */
  busy?: boolean;
  /** Blocks a unit of a split scan indexed: the server's thread adds them to the file's index. */
  fresh?: { key: FileKey; blocks: IndexBlock[] };
}

/** One coverage per file: the units a file was split into, added up. */
export function mergeCoverage(list: Coverage[]): Coverage[] {
  const byFile = new Map<string, Coverage>();
  for (const c of list) {
    const had = byFile.get(c.file);
    if (!had) {
      byFile.set(c.file, { ...c });
      continue;
    }
    had.windowBytes += c.windowBytes;
    had.readBytes += c.readBytes;
    if (c.busy) had.busy = true;
    had.fraction = Math.min(had.fraction, c.fraction) >= 1 ? 1 : had.readBytes / Math.max(1, had.windowBytes);
  }
  return [...byFile.values()];
}

function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;
}

/**
 * One sentence per sampled file ("read 12 % of payments.log (4.1 of 34 GB), sampled evenly over the window"), or
 * undefined when every file was read in full: counts are then estimates and the output must say so.
 */
export function samplingNote(coverage: Coverage[]): string | undefined {
  const sampled = coverage.filter((c) => c.fraction < 0.999);
  if (sampled.length === 0) return undefined;
  const parts = sampled.map((c) => `read ${Math.max(1, Math.round(c.fraction * 100))} % of ${c.file.split('/').at(-1)} (${size(c.readBytes)} of ${size(c.windowBytes)})`);
  const streams = sampled.filter((c) => c.stride !== undefined).map((c) => `${c.file.split('/').at(-1)}: ${c.stride! > 1 ? `1 piece in ${c.stride} parsed` : 'its beginning only, the time budget ran out'}`);
  // A .gz file cannot be read in pieces: all of it is inflated, in order, and only some of it parsed.
  const gz = streams.length ? `; .gz is inflated in order, so it was sampled as it streamed (${streams.join(', ')})` : '';
  // Said apart: the same logs on an idle machine would have been read whole.
  const busy = sampled.some((c) => c.busy) ? '; the machine was busy: its wall-clock ceiling ran out before the CPU time budget' : '';
  return `${parts.join('; ')}, sampled evenly over the window (more than the read or time budget); counts are scaled estimates${gz}${busy}`;
}
