// Entry of the docker stdio MCP server: parses argv, picks the engine socket or a snapshot file, serves.
// Bad options print one line on stderr and exit 2; an unreachable engine only warns (tools report it).
import { createLogger } from '../../src/core/logger.js';
import { failUsage, parseAtOption, parseServerArgs, serveStdio } from '../../src/core/server-main.js';
import { resolveSocketPath } from './engine/docker-host.js';
import { createDockerServer, engineSource, snapshotSource } from './server.js';
import type { DockerSource } from './records.js';

const BIN = 'incident-docker-server';
const USAGE = `Usage: ${BIN} [--socket PATH | --snapshot FILE] [--allow-mutations] [--at TIME]

A stdio MCP server over Docker containers through the Engine API (dockerd or Podman), or a recorded snapshot.
Tools: list_containers, health_check, get_logs, get_events, inspect_container; with --allow-mutations also
restart_container, update_resources and exec_command.

Options:
  --socket PATH       Docker Engine API socket: dockerd, or Podman's compat service (podman system service)
                      (default DOCKER_HOST unix://..., else /var/run/docker.sock)
  --snapshot FILE     answer from a recorded JSON snapshot instead of an engine (read-only)
  --allow-mutations   offer restart_container, update_resources and exec_command (not listed without it)
  --at TIME           reference "now" for relative since/until: an ISO time (2026-02-17T15:00:00Z) or relative
                      (30m ago, now-2h) (default now, or the snapshot's capture time)
  -V, --version       print the version
  -h, --help          show this help

Examples:
  ${BIN}
  ${BIN} --socket /run/user/1000/podman/podman.sock
  npx @modelcontextprotocol/inspector ${BIN}
`;

function fail(message: string): never {
  return failUsage(BIN, message);
}

async function main(): Promise<void> {
  const logger = createLogger('docker');
  const values = parseServerArgs({
    bin: BIN,
    usage: USAGE,
    options: { socket: { type: 'string' }, snapshot: { type: 'string' }, 'allow-mutations': { type: 'boolean' }, at: { type: 'string' } },
  });
  if (values.socket && values.snapshot) fail('give either --socket or --snapshot, not both');
  const at = parseAtOption(BIN, values.at);
  let source: DockerSource;
  try {
    if (values.snapshot) {
      source = snapshotSource(values.snapshot);
    } else {
      const socket = resolveSocketPath(values.socket, process.env);
      const engine = engineSource(socket);
      source = engine;
      // Start anyway when the engine is down: each tool then explains the problem to the caller.
      engine.ping().then(
        (v) => logger.info(`engine at ${socket} speaks API ${v}`),
        (err: Error) => logger.warn(err.message),
      );
    }
  } catch (err) {
    fail((err as Error).message);
  }
  const server = createDockerServer({ source, allowMutations: values['allow-mutations'] ?? false, at, logger });
  if (values['allow-mutations']) logger.warn('mutations allowed: restart_container, update_resources, exec_command');
  await serveStdio(server, logger);
}

void main();
