// Test helpers for the logs server: temp dirs with fixture files and a real SDK client over InMemoryTransport.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { onTestFinished } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createLogsServer } from '../../../servers/logs/server.js';
import type { LogsOptions } from '../../../servers/logs/context.js';

export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'logs-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/**
 * About `bytes` of ISO lines spread evenly over 12 h from `t0`: line i is `error(i)` on every `errorEvery`-th line and
 * `info(i)` otherwise, each after its time (big files whose window lies anywhere in them, for windowed reads).
 */
export function spreadLog(bytes: number, t0: number, errorEvery: number, error: (i: number) => string, info: (i: number) => string): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const t = new Date(t0 + Math.floor((n / bytes) * 12 * 3_600_000)).toISOString();
    const l = `${t} ${i % errorEvery === 0 ? error(i) : info(i)}`;
    out.push(l);
    n += l.length + 1;
  }
  return `${out.join('\n')}\n`;
}

export interface ToolReply {
  isError: boolean;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function connect(options: LogsOptions): Promise<{ call(name: string, args?: Record<string, unknown>): Promise<ToolReply>; client: Client }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createLogsServer(options, createLogger('logs-test', 'silent'));
  await server.connect(serverSide);
  const client = new Client({ name: 'logs-test', version: '1.0.0' });
  await client.connect(clientSide);
  onTestFinished(async () => {
    await client.close();
    await server.close();
  });
  return {
    client,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as Array<{ type: string; text?: string }>;
      const text = content.map((c) => c.text ?? '').join('');
      return { isError: result.isError === true, text, json: <T>() => JSON.parse(text) as T };
    },
  };
}

export const AT = Date.parse('2025-03-04T11:00:00Z');
