// read_logs: pages through one configured log file by line number, for context around a match.
// The file must be one of the configured sources (no `..`, nothing outside); binary and empty files are refused.
import { z } from 'zod';
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, ToolInputError, type ToolDef } from '../../../src/core/tool-kit.js';
import { forEachLine } from '../../../src/core/logs/line-reader.js';
import type { LogsContext } from '../context.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { publicFormat } from '../../../src/core/logs/formats.js';
import { checkRequestedFile } from '../path-safety.js';
import { resolveSources } from '../sources.js';

const MAX_LINE = 2_000;

const shape = {
  file: z.string().describe('A file path exactly as list_sources or search_logs shows it (a unique file name also works)'),
  offset: z.number().int().min(1).optional().describe('First line to return, 1-based (default 1); use a match line minus a few for context'),
  limit: z.number().int().min(1).max(500).optional().describe('Lines to return (default 100)'),
};

export interface ReadLogsResult {
  file: string;
  format: string;
  offset: number;
  lines: Array<{ line: number; text: string }>;
  next_offset: number | null;
}

export const readLogs: ToolDef<typeof shape, LogsContext> = {
  name: 'read_logs',
  title: 'Read a log file',
  description:
    'Returns consecutive raw lines of one configured log file starting at a line number, with next_offset for the following page (null at the end). Use it to read the context around a line that search_logs or error_signatures pointed to. Only files listed by list_sources can be read.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'lower limit',
  async run(args, ctx): Promise<ReadLogsResult> {
    const { files } = await resolveSources(ctx.options.sources);
    const check = checkRequestedFile(args.file, files, ctx.options.cwd ?? process.cwd());
    if (!check.ok) throw new ToolInputError(check.reason);
    const info = await inspectFile(check.file, ctx.now()).catch((err: unknown) => {
      throw new ToolInputError(`cannot read ${args.file}: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (info.binary) throw new ToolInputError(`${args.file} is a binary file, not a text log: pick another file from list_sources`);
    if (info.empty) throw new ToolInputError(`${args.file} is empty: nothing to read yet`);
    const offset = args.offset ?? 1;
    const limit = args.limit ?? 100;
    const lines: Array<{ line: number; text: string }> = [];
    let more = false;
    await forEachLine(
      check.file,
      (n, text) => {
        if (n < offset) return;
        if (lines.length >= limit) {
          more = true;
          return false;
        }
        lines.push({ line: n, text: redact(text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text) });
      },
      info.file.endsWith('.gz') ? undefined : info.bytes,
    );
    if (lines.length === 0 && offset > 1) throw new ToolInputError(`${args.file} has fewer than ${offset} lines: use a smaller offset`);
    return { file: check.file, format: publicFormat(info.format), offset, lines, next_offset: more ? offset + lines.length : null };
  },
};
