// Test helper: a real SDK Client linked to a docker server over InMemoryTransport, plus JSON/text accessors.
// Every docker test file talks to the server the way the hub does, through tools/call.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createLogger } from '../../../src/core/logger.js';
import { createDockerServer, type DockerServerOptions } from '../../../servers/docker/server.js';
import { linkClient, type LinkedClient } from '../../helpers/mcp-client.js';

export { textOf } from '../../helpers/mcp-client.js';

/** Like the other servers' clients, except that call gives the SDK's own result (docker tests read its content). */
export interface ToolClient extends Omit<LinkedClient, 'call'> {
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

/** The caller closes it (close()). */
export async function connectDocker(options: DockerServerOptions): Promise<ToolClient> {
  const server = createDockerServer({ logger: createLogger('docker-test', 'silent'), ...options });
  const linked = await linkClient(server, 'docker-test', { closeWhenTestEnds: false });
  return { ...linked, call: linked.result };
}
