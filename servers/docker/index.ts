// Entry of the docker stdio MCP server: parses argv, picks the engine socket or a snapshot file, serves.
// Bad options print one line on stderr and exit 2; an unreachable engine only warns (tools report it).
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/core/logger.js';
import { serveStdio } from '../../src/core/server-main.js';
import { parseIsoInstant } from '../../src/core/time.js';
import { resolveSocketPath } from './engine/docker-host.js';
import { createDockerServer, engineSource, snapshotSource } from './server.js';
import type { DockerSource } from './records.js';

const USAGE = `usage: incident-docker-server [--socket PATH | --snapshot FILE] [--allow-mutations] [--at ISO]
  --socket PATH       Docker Engine API socket (default: DOCKER_HOST unix://..., else /var/run/docker.sock);
                      dockerd or Podman's compat service (podman system service)
  --snapshot FILE     answer from a recorded JSON snapshot instead of an engine (read-only)
  --allow-mutations   enable restart_container, update_resources and exec_command
  --at ISO            reference "now" for relative since/until (default: now, or the snapshot's capture time)
`;

function fail(message: string): never {
  process.stderr.write(`docker-server: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const logger = createLogger('docker');
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        socket: { type: 'string' },
        snapshot: { type: 'string' },
        'allow-mutations': { type: 'boolean' },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}; see --help`);
  }
  if (values.help) {
    process.stderr.write(USAGE);
    return;
  }
  if (values.socket && values.snapshot) fail('give either --socket or --snapshot, not both');
  let at: number | undefined;
  if (values.at !== undefined) {
    const parsed = parseIsoInstant(values.at);
    if (parsed === null) fail(`--at "${values.at}" is not an ISO-8601 time, e.g. 2026-02-17T15:00:00Z`);
    at = parsed;
  }
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
