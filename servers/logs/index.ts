// Entry point of the standalone logs MCP server (stdio): `node dist/servers/logs/index.js --source PATH ...`.
// Options are parsed with node:util; bad options print one line on stderr and exit 2.
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/core/logger.js';
import { serveStdio } from '../../src/core/server-main.js';
import { parseIsoInstant } from '../../src/core/time.js';
import { createLogsServer } from './server.js';

const USAGE = `usage: incident-logs-server --source PATH [--source PATH ...] [--at ISO]
  --source PATH  a log file, a directory or a glob (quote it); .gz files are read too; repeatable
  --at ISO       reference "now" for relative since/until (replaying old incidents); default the real now
`;

function fail(message: string): never {
  process.stderr.write(`logs-server: ${message}\n`);
  process.exit(2);
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        source: { type: 'string', multiple: true },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)} (run with --help)`);
  }
  if (values.help) {
    process.stderr.write(USAGE);
    process.exit(0);
  }
  const sources = values.source ?? [];
  if (sources.length === 0) fail('no --source given: pass a log file, directory or glob');
  let at: number | undefined;
  if (values.at !== undefined) {
    const parsed = parseIsoInstant(values.at);
    if (parsed === null) fail(`--at "${values.at}" is not an ISO-8601 time such as 2025-03-04T10:15:00Z`);
    at = parsed;
  }
  const logger = createLogger('logs');
  const server = createLogsServer({ sources, at, cwd: process.cwd() }, logger);
  void serveStdio(server, logger);
}

main();
