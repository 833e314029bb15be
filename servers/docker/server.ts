// Builds the docker MCP server: one source (live engine or snapshot), its tools, and the mutation switch.
// index.ts parses argv and calls this; tests call it directly over InMemoryTransport.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';
import { registerTools } from '../../src/core/tool-kit.js';
import type { DockerToolContext } from './context.js';
import { DockerHttp } from './engine/http.js';
import { EngineSource } from './engine/engine-source.js';
import type { DockerSource } from './records.js';
import { loadSnapshot } from './snapshot/schema.js';
import { SnapshotSource } from './snapshot/snapshot-source.js';
import { offeredTools } from './tools/index.js';

export const DOCKER_SERVER_VERSION = '0.1.0';

export interface DockerServerOptions {
  source: DockerSource;
  allowMutations?: boolean;
  /** Reference "now" (ms) for relative times, from --at; default: the source's own (real clock or capture time). */
  at?: number;
  logger?: Logger;
}

export function createDockerServer(options: DockerServerOptions): McpServer {
  const logger = options.logger ?? createLogger('docker');
  const server = new McpServer({ name: 'docker', version: DOCKER_SERVER_VERSION }, { jsonSchemaValidator: lazySchemaValidator() });
  const ctx: DockerToolContext = {
    source: options.source,
    allowMutations: options.allowMutations ?? false,
    now: () => options.at ?? options.source.defaultNow(),
    logger,
  };
  registerTools(server, offeredTools(ctx.allowMutations), ctx, logger);
  return server;
}

/** The live engine source for a socket path (no I/O until the first call). */
export function engineSource(socketPath: string): EngineSource {
  return new EngineSource(new DockerHttp(socketPath));
}

/** The snapshot source for a file; throws SnapshotError with the file and field when it is invalid. */
export function snapshotSource(file: string): SnapshotSource {
  return new SnapshotSource(loadSnapshot(file), `snapshot ${file}`);
}
