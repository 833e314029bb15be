// Entry point of the standalone logs MCP server (stdio): `incident-logs-server --source PATH ...`.
// Options are parsed by the shared server entry (src/core/server-main.ts): one style for every server.
import { createLogger } from '../../src/core/logger.js';
import { failUsage, parseAtOption, parseServerArgs, serveStdio } from '../../src/core/server-main.js';
import { createLogsServer } from './server.js';

const BIN = 'incident-logs-server';
const USAGE = `Usage: ${BIN} --source PATH [--source PATH ...] [--at TIME]

A stdio MCP server over log files (read-only): ISO text, Python logging, syslog, JSON lines, logfmt and more,
detected per file. Tools: search_logs, error_signatures, log_stats, read_logs, list_sources.

Options:
  --source PATH  a log file, a directory or a glob such as '/var/log/{api,web}/*.log' (quote it); .gz files
                 are read too; repeatable
  --at TIME      reference "now" for relative since/until, for replaying an old incident: an ISO time
                 (2026-02-17T15:00:00Z) or relative (30m ago, now-2h) (default now)
  -V, --version  print the version
  -h, --help     show this help

Examples:
  ${BIN} --source /var/log/app --source '/var/log/nginx/*.log.gz'
  npx @modelcontextprotocol/inspector ${BIN} --source /var/log/app
`;

function main(): void {
  const values = parseServerArgs({ bin: BIN, usage: USAGE, options: { source: { type: 'string', multiple: true }, at: { type: 'string' } } });
  const sources = values.source ?? [];
  if (sources.length === 0) failUsage(BIN, 'no --source given: pass a log file, directory or glob');
  const at = parseAtOption(BIN, values.at);
  const logger = createLogger('logs');
  const server = createLogsServer({ sources, at, cwd: process.cwd() }, logger);
  void serveStdio(server, logger);
}

main();
