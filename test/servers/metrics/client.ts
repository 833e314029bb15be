// Test helper: a real MCP SDK Client connected over InMemoryTransport to createMetricsServer, with small
// call helpers. Results come back as parsed JSON (ok) or the isError text, exactly as a model sees them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createMetricsServer, type MetricsServerOptions } from '../../../servers/metrics/server.js';
import { linkClient, type LinkedClient } from '../../helpers/mcp-client.js';

export const FIXTURE = new URL('../../../fixtures/checkout-500/metrics/metrics.om', import.meta.url).pathname;
export const FIXTURE_AT = '2026-02-17T15:00:00Z';
export const SCENARIOS = new URL('../../../fixtures/shared-sample/', import.meta.url).pathname;

export type { CallResult } from '../../helpers/mcp-client.js';
export type MetricsClient = LinkedClient;

/** Connects a client; closed when the current test finishes unless `keep` (then call close()). */
export async function connectMetrics(options: Omit<MetricsServerOptions, 'logger'>, keep = false): Promise<MetricsClient> {
  const server = createMetricsServer({ ...options, logger: createLogger('metrics-test', 'silent') });
  return linkClient(server, 'metrics-test', { closeWhenTestEnds: !keep });
}

/** Writes OpenMetrics lines (with a closing # EOF) to a temporary metrics.om, removed when the test ends; its path. */
export function metricsFile(lines: string[], prefix = 'metrics-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'metrics.om');
  writeFileSync(file, `${[...lines, '# EOF'].join('\n')}\n`);
  return file;
}
