// Entry point of the standalone logs MCP server (stdio): `incident-logs-server --source PATH ...`.
// Options are parsed by the shared server entry (src/core/server-main.ts): one style for every server.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { userCacheDir } from '../../src/core/cache-home.js';
import { createLogger } from '../../src/core/logger.js';
import { failUsage, parseAtOption, parseServerArgs, serveStdio } from '../../src/core/server-main.js';
import { indexCacheDir, pruneStaleBuilds } from './cache-dir.js';
import { prewarmScanWorkers } from './scan-pool.js';
import { sourcesNeedWorkers } from './scan-place.js';
import { createLogsServer } from './server.js';

const BIN = 'incident-logs-server';
const USAGE = `Usage: ${BIN} --source PATH [--source PATH ...] [--at TIME]

A stdio MCP server over log files (read-only): ISO text, Python logging, syslog, JSON lines, logfmt and more,
detected per file. Tools: search_logs, error_signatures, log_stats, read_logs, list_sources, request_flows.

Options:
  --source PATH  a log file, a directory or a glob such as '/var/log/{api,web}/*.log' (quote it); .gz files
                 are read too; repeatable
  --at TIME      reference "now" for relative since/until, for replaying an old incident: an ISO time
                 (2026-02-17T15:00:00Z) or relative (30m ago, now-2h) (default now)
  --cache-dir DIR      where per-file time indexes are kept, in a folder per build of this server
                       (default $XDG_CACHE_HOME/incident-copilot/logs-index)
  --read-budget SIZE   bytes of one file's time window read per call before it is sampled evenly over the
                       window, which the answer then says (default $INCIDENT_LOGS_READ_BUDGET, else 2g;
                       e.g. 512m)
  -V, --version  print the version
  -h, --help     show this help

Examples:
  ${BIN} --source /var/log/app --source '/var/log/nginx/*.log.gz'
  npx @modelcontextprotocol/inspector ${BIN} --source /var/log/app
`;

/** `2g`, `512m`, `64k` or a byte count. */
function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return n >= 1 ? Math.floor(n) : null;
}

function main(): void {
  const values = parseServerArgs({
    bin: BIN,
    usage: USAGE,
    options: { source: { type: 'string', multiple: true }, at: { type: 'string' }, 'cache-dir': { type: 'string' }, 'read-budget': { type: 'string' } },
  });
  const sources = values.source ?? [];
  if (sources.length === 0) failUsage(BIN, 'no --source given: pass a log file, directory or glob');
  const at = parseAtOption(BIN, values.at);
  let readBudget: number | undefined;
  // The environment lets rca (which starts this server) be told too, e.g. to see sampling on small files.
  const budgetText = values['read-budget'] ?? process.env.INCIDENT_LOGS_READ_BUDGET;
  if (budgetText !== undefined && budgetText !== '') {
    const n = parseSize(budgetText);
    const from = values['read-budget'] !== undefined ? '--read-budget' : 'INCIDENT_LOGS_READ_BUDGET';
    if (n === null) failUsage(BIN, `${from} "${budgetText}" is not a size such as 512m or 2g`);
    readBudget = n;
  }
  const cacheBase = values['cache-dir'] ?? path.join(userCacheDir(), 'logs-index');
  const cacheDir = indexCacheDir(cacheBase, fileURLToPath(import.meta.url));
  void pruneStaleBuilds(cacheBase, cacheDir);
  const logger = createLogger('logs');
  const server = createLogsServer({ sources, at, cwd: process.cwd(), cacheDir, readBudget }, logger);
  void serveStdio(server, logger);
  // Large sources are scanned in workers: have two loaded by the time the first calls (often two at once) arrive.
  // Small ones are scanned in this thread, and a search starts its worker when it comes.
  void sourcesNeedWorkers(sources).then((large) => large && prewarmScanWorkers(2), () => {});
}

main();
