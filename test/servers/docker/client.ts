// Test helper: a real SDK Client linked to a docker server over InMemoryTransport, plus JSON/text accessors.
// Every docker test file talks to the server the way the hub does, through tools/call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createLogger } from '../../../src/core/logger.js';
import { createDockerServer, type DockerServerOptions } from '../../../servers/docker/server.js';

export interface ToolClient {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls and parses a successful result's JSON; fails the test with the error text otherwise. */
  json<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

export async function connectDocker(options: DockerServerOptions): Promise<ToolClient> {
  const server = createDockerServer({ logger: createLogger('docker-test', 'silent'), ...options });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'docker-test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    call,
    async json<T>(name: string, args: Record<string, unknown> = {}) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} returned isError: ${textOf(r)}`);
      return JSON.parse(textOf(r)) as T;
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
