// Entry point of the standalone git MCP server over stdio: parses --repo/--at, then serves.
// A directory that is not a repository still starts the server; each tool call then says how to fix it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/core/logger.js';
import { serveStdio } from '../../src/core/server-main.js';
import { parseIsoInstant } from '../../src/core/time.js';
import { createGitServer } from './server.js';

const USAGE = `Usage: incident-git-server [--repo DIR] [--at ISO]

A stdio MCP server that reads one local git repository (read-only) with the git CLI.
Tools: get_recent_commits, get_deployments (tags), search_commits, show_commit.

Options:
  --repo DIR   the repository to read (default: the current directory)
  --at ISO     reference "now" for relative since/until, for replaying an old incident
               (e.g. 2026-02-17T15:00:00Z; default: the real time)
  --help       show this help
`;

function fail(message: string): never {
  process.stderr.write(`git-server: ${message} (see --help)\n`);
  process.exit(2);
}

function main(): void {
  let values: { repo?: string; at?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { repo: { type: 'string' }, at: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stderr.write(USAGE);
    return;
  }
  if (values.repo !== undefined && values.repo.trim() === '') fail('--repo needs a directory');
  let at: number | undefined;
  if (values.at !== undefined) {
    const parsed = parseIsoInstant(values.at);
    if (parsed === null) fail(`--at "${values.at}" is not an ISO-8601 time; use e.g. 2026-02-17T15:00:00Z`);
    at = parsed;
  }
  const logger = createLogger('git');
  const repo = resolve(values.repo ?? process.cwd());
  const server = createGitServer({ repo, at, logger });
  serveStdio(server, logger).catch((err: unknown) => {
    logger.error(`could not serve: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}

main();
