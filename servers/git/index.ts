// Entry point of the standalone git MCP server over stdio: parses --repo/--at, then serves.
// A directory that is not a repository still starts the server; each tool call then says how to fix it.
import { resolve } from 'node:path';
import { createLogger } from '../../src/core/logger.js';
import { failUsage, parseAtOption, parseServerArgs, serveStdio } from '../../src/core/server-main.js';
import { createGitServer } from './server.js';

const BIN = 'incident-git-server';
const USAGE = `Usage: ${BIN} [--repo DIR] [--at TIME]

A stdio MCP server that reads one local git repository (read-only) with the git CLI.
Tools: get_recent_commits, get_deployments (tags), search_commits, show_commit.

Options:
  --repo DIR     the repository to read (default the current directory)
  --at TIME      reference "now" for relative since/until, for replaying an old incident: an ISO time
                 (2026-02-17T15:00:00Z) or relative (30m ago, now-2h) (default now)
  -V, --version  print the version
  -h, --help     show this help

Examples:
  ${BIN} --repo ~/src/checkout
  npx @modelcontextprotocol/inspector ${BIN} --repo ~/src/checkout
`;

function main(): void {
  const values = parseServerArgs({ bin: BIN, usage: USAGE, options: { repo: { type: 'string' }, at: { type: 'string' } } });
  if (values.repo !== undefined && values.repo.trim() === '') failUsage(BIN, '--repo needs a directory');
  const at = parseAtOption(BIN, values.at);
  const logger = createLogger('git');
  const repo = resolve(values.repo ?? process.cwd());
  const server = createGitServer({ repo, at, logger });
  void serveStdio(server, logger);
}

main();
