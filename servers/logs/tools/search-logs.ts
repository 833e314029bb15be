// search_logs: entries matching a substring or /regex/, with file:line and time, plus the total count.
// Scans raw chunks, so it runs near grep speed; filters (level, service, window) apply to matching entries.
import { z } from 'zod';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { READ_ONLY, timeRangeShape, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { readableFiles, type LogsContext } from '../context.js';
import { compilePattern } from '../pattern.js';
import { runScan, ScanStalledError } from '../scan-pool.js';
import type { SearchFilter } from '../search.js';
import { mergeSearch, planSearch, type SearchPart } from '../search-split.js';
import { runUnits, scanThreads } from '../scan-units.js';
import { asLevel, levelSchema, windowOf } from '../tool-args.js';

const shape = {
  pattern: z.string().describe('Text to find (substring, case-insensitive unless case_sensitive), or /regex/ with optional flags i, m, s'),
  level: levelSchema.optional().describe('Minimum level: "error" returns error and fatal entries'),
  service: z.string().optional().describe('Only entries of this service (as shown in matches)'),
  ...timeRangeShape,
  limit: z.number().int().min(1).max(500).optional().describe('Matches to return (default 50); total counts all'),
  case_sensitive: z.boolean().optional().describe('Match case exactly (default false)'),
};

export const searchLogs: ToolDef<typeof shape, LogsContext> = {
  name: 'search_logs',
  title: 'Search logs',
  description:
    'Finds log entries whose text matches a pattern across all configured log files. Returns the total number of matching entries and the first `limit` of them in file order, each with file, line, time, level, service and message (stack trace lines included). Use it to find evidence for a specific error message, request id or keyword. Narrow with since/until, level (minimum) and service when the total is large.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'narrow with since/until, level, service or a more specific pattern, or lower limit',
  async run(args, ctx): Promise<SearchLogsResult & { files_searched: number; skipped?: Array<{ file: string; reason: string }> }> {
    const pattern = compilePattern(args.pattern, args.case_sensitive ?? false);
    const window = windowOf(args, ctx);
    const { files, skipped } = await readableFiles(ctx);
    const filter: SearchFilter = {
      pattern,
      minLevel: asLevel(args.level),
      service: args.service,
      window,
      limit: args.limit ?? 50,
      reference: ctx.now(),
      needsParse: args.level !== undefined || args.service !== undefined || window.from !== null || window.to !== null,
    };
    // In a worker: a pattern that backtracks without end is stopped there, and this server keeps serving.
    // A large file is cut in parts searched by several workers; the merge keeps file order and line numbers.
    const units = await planSearch(files, scanThreads(ctx.options.scanThreads), filter.reference, ctx.options.unitBytes);
    const parts = await runUnits(units, units.length, (u) => runScan<SearchPart>({ kind: 'search', files: u.files, filter, part: u.part })).catch((err: unknown) => {
      if (err instanceof ScanStalledError) {
        throw new ToolInputError(`pattern ${args.pattern} stopped: it made no progress for ${err.message.replace(/^no progress for /, '')} on one stretch of text (a regex with nested repetition such as (a+)+ backtracks without end). Use a plain substring or a simpler /regex/`);
      }
      throw err;
    });
    const state = mergeSearch(units, parts, filter.limit);
    return {
      total: state.total,
      returned: state.matches.length,
      matches: state.matches,
      files_searched: files.length,
      ...(skipped.length ? { skipped } : {}),
    };
  },
};
