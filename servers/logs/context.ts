// What every logs tool receives: the configured sources, the reference "now" and a logger.
// Also the shared step "resolve the sources and keep the readable text files", with reasons for the rest.
import type { Logger } from '../../src/core/logger.js';
import type { CallInfo } from '../../src/core/tool-kit.js';
import { inspectFile, type FileInfo } from '../../src/core/logs/file-info.js';
import { sourceSetDating } from '../../src/core/logs/dated-stamps.js';
import { resolveSources } from './sources.js';
import type { ScanOptions } from './window-scan.js';
import { startBudget } from './budget-clock.js';

export interface LogsOptions {
  sources: string[];
  /** Reference instant for relative since/until (--at); default the real now. */
  at?: number;
  cwd?: string;
  /** Where per-file time indexes are kept between runs; absent: in memory only. */
  cacheDir?: string;
  /** Bytes of a file's window read before the scan samples it (default DEFAULT_READ_BUDGET). */
  readBudget?: number;
  /** Milliseconds a windowed call may spend reading before it samples (default DEFAULT_TIME_BUDGET_MS). */
  timeBudgetMs?: number;
  /** Worker threads one error_signatures or log_stats call may use (default: the machine's cores). */
  scanThreads?: number;
  /** Bytes of a large indexed file per unit of a split scan, and the size from which a search is split (tests make it small). */
  unitBytes?: number;
  /** Total bytes of sources up to which windowed scans run in the server's thread, not on workers (default INLINE_SCAN_BYTES). */
  inlineScanBytes?: number;
}

/** Below the clients' usual 30 s call timeout: a call that would take longer samples instead (and says so). */
export const DEFAULT_TIME_BUDGET_MS = 20_000;

/** Default read budget per file and call: beyond it, blocks are sampled evenly over the window (and it says so). */
export const DEFAULT_READ_BUDGET = 2 * 1024 ** 3;

/**
 * The scan settings every windowed tool passes to its worker. The time budget is the server's, or the caller's when
 * it asks for less (rca's first look at the logs, which must answer in seconds on gigabytes). It is spent in CPU time
 * (budget-clock.ts): the same logs get the same answer on a busy machine. The server's own budget, which stays under
 * the client's call timeout, is also the wall-clock ceiling.
 */
export function scanOptions(ctx: LogsContext, call: CallInfo = {}): ScanOptions {
  const own = ctx.options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const { clock, deadline } = startBudget(Math.min(own, call.timeBudgetMs ?? Infinity), own);
  return {
    reference: ctx.now(),
    cacheDir: ctx.options.cacheDir ?? null,
    budgetBytes: ctx.options.readBudget ?? DEFAULT_READ_BUDGET,
    deadline,
    clock,
  };
}

export interface LogsContext {
  options: LogsOptions;
  now(): number;
  logger: Logger;
}

export interface ReadableFiles {
  files: FileInfo[];
  skipped: Array<{ file: string; reason: string }>;
}

export async function readableFiles(ctx: LogsContext): Promise<ReadableFiles> {
  const { files, problems } = await resolveSources(ctx.options.sources);
  const out: FileInfo[] = [];
  const skipped = problems.map((p) => ({ file: p.split(':')[0] ?? p, reason: p }));
  // Sniffed a batch at a time (the reads overlap; a glob of thousands of files opens no more than a batch at
  // once), reported in the sources' order.
  const infos: Array<PromiseSettledResult<FileInfo>> = [];
  for (let i = 0; i < files.length; i += 32) infos.push(...(await Promise.allSettled(files.slice(i, i + 32).map((f) => inspectFile(f, ctx.now())))));
  infos.forEach((r, i) => {
    const file = files[i]!;
    if (r.status === 'rejected') skipped.push({ file, reason: `cannot read: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}` });
    else if (r.value.binary) skipped.push({ file, reason: 'binary file, not a text log' });
    else if (r.value.empty) skipped.push({ file, reason: 'empty file' });
    else out.push(r.value);
  });
  // One set's files date their yearless stamps alike: by the set's dated stamps where those run past the mtimes.
  return { files: sourceSetDating(out), skipped };
}
