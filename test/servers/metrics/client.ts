// Test helper: a real MCP SDK Client connected over InMemoryTransport to createMetricsServer, with small
// call helpers. Results come back as parsed JSON (ok) or the isError text, exactly as a model sees them.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { onTestFinished } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createMetricsServer, type MetricsServerOptions } from '../../../servers/metrics/server.js';

export const FIXTURE = new URL('../../../fixtures/checkout-500/metrics/metrics.om', import.meta.url).pathname;
export const FIXTURE_AT = '2026-02-17T15:00:00Z';
export const SCENARIOS = new URL('../../../../shared/scenarios/', import.meta.url).pathname;

export interface CallResult {
  isError: boolean;
  text: string;
}

export interface MetricsClient {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  /** Calls and parses the JSON text; fails the test with the error text when the call was an isError. */
  json<T>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Connects a client; closed when the current test finishes unless `keep` (then call close()). */
export async function connectMetrics(options: Omit<MetricsServerOptions, 'logger'>, keep = false): Promise<MetricsClient> {
  const server = createMetricsServer({ ...options, logger: createLogger('metrics-test', 'silent') });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'metrics-test', version: '1.0.0' });
  await client.connect(clientSide);
  const close = async () => {
    await client.close();
    await server.close();
  };
  if (!keep) onTestFinished(close);
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallResult> => {
    const r = await client.callTool({ name, arguments: args });
    const content = r.content as Array<{ type: string; text?: string }>;
    return { isError: r.isError === true, text: content.map((c) => c.text ?? '').join('') };
  };
  return {
    client,
    call,
    close,
    async json<T>(name: string, args: Record<string, unknown> = {}) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} returned isError: ${r.text}`);
      return JSON.parse(r.text) as T;
    },
  };
}
