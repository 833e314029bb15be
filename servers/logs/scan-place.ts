// Where a windowed scan (error_signatures, log_stats, request_flows) runs: over small sources in the server's own
// thread, since starting a worker costs more CPU than their whole scan; over large ones on the worker pool.
import { stat } from 'node:fs/promises';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { ScanTask } from './scan-protocol.js';
import { runScan } from './scan-pool.js';
import { runTask } from './scan-run.js';
import { resolveSources } from './sources.js';

/**
 * Sources up to this many bytes are scanned inline. Measured on a busy 2-core machine: the server started as rca starts
 * it, answering rca's three calls at once over copies of a TrainTicket case's files; its CPU (workers included) and
 * peak RSS inline vs on workers: 3.3 MB 0.7 vs 1.2 s and 82 vs 122 MB, 13 MB 1.3 vs 1.7 s, 19.5 MB 1.6 vs 2.1 s.
 * Inline saves the workers' start (~0.5 s of CPU) but reads the calls one after another (~43 ms per MB for the three);
 * on workers each call has its own thread (one unit below 64 MiB), so on idle cores they win back their ~0.3 s start
 * from about 10 MB. The limit stays below that.
 */
export const INLINE_SCAN_BYTES = 8 << 20;

/** A .gz file is read inflated: text logs compress about tenfold, so it weighs that many times its size. */
const GZ_RATIO = 10;

const weight = (file: string, bytes: number) => (file.endsWith('.gz') ? bytes * GZ_RATIO : bytes);

/** Bytes a scan of these files may read at most (the whole files: a window's read plan is not known yet). */
export function scanBytes(files: readonly FileInfo[]): number {
  return files.reduce((a, f) => a + weight(f.file, f.bytes), 0);
}

/** Scans run inline since this module loaded: tests see a small source scanned without a worker. */
let inlineCount = 0;
export const inlineScans = (): number => inlineCount;

type WindowedTask = Exclude<ScanTask, { kind: 'search' }>;

/** Runs the task in this thread; a failure reaches the caller as the worker's would (its message, as an Error). */
async function runInline<R>(task: WindowedTask): Promise<R> {
  inlineCount++;
  try {
    return (await runTask(task)) as R;
  } catch (err) {
    throw new Error(err instanceof Error ? err.message : String(err));
  }
}

/**
 * How one call runs its scan tasks, chosen once for all its units by the bytes of all its files (`limit`: the
 * server's option, else INLINE_SCAN_BYTES). Searches never come here: a caller's regex can stall, and only a
 * worker can be stopped, so they always take runScan.
 */
export function scanRunner(files: readonly FileInfo[], limit = INLINE_SCAN_BYTES): <R>(task: WindowedTask) => Promise<R> {
  return scanBytes(files) <= limit ? runInline : runScan;
}

/** Whether the configured sources are large enough to have workers loaded ahead of the first call (sizes by stat). */
export async function sourcesNeedWorkers(sources: readonly string[], limit = INLINE_SCAN_BYTES): Promise<boolean> {
  const { files } = await resolveSources(sources);
  let total = 0;
  for (const f of files) {
    total += weight(f, await stat(f).then((s) => s.size, () => 0));
    if (total > limit) return true;
  }
  return false;
}
