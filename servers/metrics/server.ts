// Builds the metrics MCP server: four read-only tools over one source (an OpenMetrics file or a live
// Prometheus), registered through the shared tool kit so every failure becomes an isError result.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';
import { registerTools, type AnyToolDef } from '../../src/core/tool-kit.js';
import type { MetricsContext } from './context.js';
import { FileMetricsSource } from './file-source.js';
import { PrometheusSource } from './prometheus-source.js';
import type { MetricsSource } from './source.js';
import { getAnomalies } from './tools/get-anomalies.js';
import { getErrorRates } from './tools/get-error-rates.js';
import { listMetrics } from './tools/list-metrics.js';
import { queryRange } from './tools/query-range.js';

export const METRICS_SERVER_VERSION = '0.1.0';

export interface MetricsServerOptions {
  /** Exactly one of file and prometheus (or a ready source, for tests). */
  file?: string;
  prometheus?: string;
  source?: MetricsSource;
  /** Reference "now" in ms (--at); without it a file's last sample, or the clock for Prometheus. */
  at?: number;
  requestsMetric?: string;
  statusLabel?: string;
  serviceLabel?: string;
  /** Prometheus request timeout. */
  timeoutMs?: number;
  logger?: Logger;
}

export const METRICS_TOOLS: AnyToolDef<MetricsContext>[] = [listMetrics, queryRange, getAnomalies, getErrorRates];

export function createMetricsSource(options: MetricsServerOptions): MetricsSource {
  if (options.source) return options.source;
  if (options.file && options.prometheus) throw new Error('give either a metrics file or a Prometheus URL, not both');
  if (options.file) return new FileMetricsSource(options.file);
  if (options.prometheus) return new PrometheusSource(options.prometheus, { timeoutMs: options.timeoutMs });
  throw new Error('a metrics source is needed: a file (--file) or a Prometheus URL (--prometheus)');
}

export function createMetricsServer(options: MetricsServerOptions): McpServer {
  const logger = options.logger ?? createLogger('metrics');
  const server = new McpServer({ name: 'metrics', version: METRICS_SERVER_VERSION }, { jsonSchemaValidator: lazySchemaValidator() });
  const ctx: MetricsContext = {
    source: createMetricsSource(options),
    at: options.at ?? null,
    clock: () => Date.now(),
    requestsMetric: options.requestsMetric ?? 'http_requests_total',
    statusLabel: options.statusLabel ?? 'code',
    serviceLabel: options.serviceLabel ?? 'service',
    labelsGiven: { status: options.statusLabel !== undefined, service: options.serviceLabel !== undefined, metric: options.requestsMetric !== undefined },
  };
  registerTools(server, METRICS_TOOLS, ctx, logger);
  return server;
}
