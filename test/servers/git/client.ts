// Test helper: a real MCP SDK Client connected over InMemoryTransport to createGitServer, with small call helpers.
// Results come back as the parsed JSON (ok) or the isError text, exactly as a model would see them.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { onTestFinished } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createGitServer } from '../../../servers/git/server.js';

export interface CallResult {
  isError: boolean;
  text: string;
}

export interface GitClient {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  /** Calls and parses the JSON text; fails the test with the error text when the call was an isError. */
  json<T>(name: string, args?: Record<string, unknown>): Promise<T>;
}

export async function connectGit(repo: string, at?: string): Promise<GitClient> {
  const server = createGitServer({
    repo,
    at: at === undefined ? undefined : Date.parse(at),
    logger: createLogger('git-test', 'silent'),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'git-test', version: '1.0.0' });
  await client.connect(clientSide);
  onTestFinished(async () => {
    await client.close();
    await server.close();
  });
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallResult> => {
    const r = await client.callTool({ name, arguments: args });
    const content = r.content as Array<{ type: string; text?: string }>;
    return { isError: r.isError === true, text: content.map((c) => c.text ?? '').join('') };
  };
  return {
    client,
    call,
    async json<T>(name: string, args: Record<string, unknown> = {}) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} returned isError: ${r.text}`);
      return JSON.parse(r.text) as T;
    },
  };
}
