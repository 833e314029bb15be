// list_sources: the log files the configured sources resolve to, with format, time range, lines and size,
// and the files skipped (binary, empty, missing) with the reason.
import type { LogSource } from '../../../src/core/evidence.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import { readableFiles, type LogsContext } from '../context.js';
import { summarize } from '../source-summary.js';

const shape = {};

export const listSources: ToolDef<typeof shape, LogsContext> = {
  name: 'list_sources',
  title: 'List log sources',
  description:
    'Lists the log files this server reads: path, detected format (iso, python, syslog, json, logfmt, plain) and the program whose layout it is when known (dialect: nestjs, dotnet-console, postgresql, mongodb, hclog, uwsgi, php-fpm...), first and last timestamp, line count (lines_estimated: true when a file over 1 GiB was sampled for it) and size, plus skipped files with the reason. Call it first to learn which time range the logs cover before choosing since/until.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'configure fewer sources',
  async run(_args, ctx): Promise<{ sources: LogSource[]; skipped: Array<{ file: string; reason: string }> }> {
    const { files, skipped } = await readableFiles(ctx);
    const sources: LogSource[] = [];
    for (const info of files) sources.push(await summarize(info, ctx.now()));
    return { sources, skipped };
  },
};
