// Test helper: a real MCP SDK Client linked to a server over InMemoryTransport, the way the hub talks to it,
// with accessors for the text a model would see and for the parsed JSON of a successful call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { onTestFinished } from 'vitest';

export interface CallResult {
  isError: boolean;
  text: string;
}

export interface LinkedClient {
  client: Client;
  /** The SDK's own result of tools/call. */
  result(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** The result as a model sees it: the error flag and the joined text. */
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  /** Calls and parses the JSON text; fails the test with the error text when the call was an isError. */
  json<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

/** Links a client to `server`; with closeWhenTestEnds both are closed after the current test, else call close(). */
export async function linkClient(server: McpServer, name: string, opts: { closeWhenTestEnds: boolean }): Promise<LinkedClient> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(clientSide);
  const close = async () => {
    await client.close();
    await server.close();
  };
  if (opts.closeWhenTestEnds) onTestFinished(close);
  const result = async (tool: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  const call = async (tool: string, args: Record<string, unknown> = {}): Promise<CallResult> => {
    const r = await result(tool, args);
    return { isError: r.isError === true, text: textOf(r) };
  };
  return {
    client,
    result,
    call,
    close,
    async json<T>(tool: string, args: Record<string, unknown> = {}) {
      const r = await call(tool, args);
      if (r.isError) throw new Error(`${tool} returned isError: ${r.text}`);
      return JSON.parse(r.text) as T;
    },
  };
}
