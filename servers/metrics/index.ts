// Entry point of the standalone metrics MCP server over stdio: parses --file/--prometheus and the naming
// options, validates them, then serves. A file that fails to parse still starts; each tool call says why.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../src/core/logger.js';
import { failUsage, parseAtOption, parseServerArgs, serveStdio } from '../../src/core/server-main.js';
import { createMetricsServer } from './server.js';

const BIN = 'incident-metrics-server';
const USAGE = `Usage: ${BIN} (--file PATH | --prometheus URL) [options]

A stdio MCP server over metrics: an OpenMetrics/Prometheus text file with sample timestamps, or a live
Prometheus through its HTTP API. Tools: list_metrics, query_range, get_anomalies, get_error_rates.

Options:
  --file PATH              OpenMetrics text (as promtool tsdb create-blocks-from openmetrics reads)
  --prometheus URL         a Prometheus server, e.g. http://127.0.0.1:9090
  --requests-metric NAME   request counter for get_error_rates (default http_requests_total)
  --status-label NAME      its HTTP status label (default code, else the first of status,
                           status_code, http_response_status_code, ... the counter carries)
  --service-label NAME     its service label (default service, else the first of service_name,
                           app, application, app_kubernetes_io_name, ... the counter carries)
  --at TIME                reference "now" for relative times, for replaying an old incident: an ISO time
                           (2026-02-17T15:00:00Z) or relative (30m ago, now-2h)
                           (default a file's last sample, or now for Prometheus)
  -V, --version            print the version
  -h, --help               show this help

Examples:
  ${BIN} --prometheus http://localhost:9090
  ${BIN} --file metrics.om --at 2026-02-17T15:00:00Z
  npx @modelcontextprotocol/inspector ${BIN} --prometheus http://localhost:9090
`;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const optionsSchema = z
  .object({
    file: z.string().min(1, '--file needs a path').optional(),
    prometheus: z
      .string()
      .url('--prometheus needs an http(s) URL such as http://127.0.0.1:9090')
      .refine((u) => /^https?:\/\//.test(u), '--prometheus needs an http(s) URL such as http://127.0.0.1:9090')
      .optional(),
    'requests-metric': z.string().regex(NAME, '--requests-metric must be a metric name like http_requests_total').optional(),
    'status-label': z.string().regex(LABEL, '--status-label must be a label name like code').optional(),
    'service-label': z.string().regex(LABEL, '--service-label must be a label name like service').optional(),
    at: z.string().optional(),
  })
  .refine((o) => Boolean(o.file) !== Boolean(o.prometheus), 'give exactly one of --file PATH or --prometheus URL');

function fail(message: string): never {
  return failUsage(BIN, message);
}

function main(): void {
  const raw = parseServerArgs({
    bin: BIN,
    usage: USAGE,
    options: {
      file: { type: 'string' },
      prometheus: { type: 'string' },
      'requests-metric': { type: 'string' },
      'status-label': { type: 'string' },
      'service-label': { type: 'string' },
      at: { type: 'string' },
    },
  });
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) fail(parsed.error.issues[0]?.message ?? 'invalid options');
  const o = parsed.data;
  const at = parseAtOption(BIN, o.at);
  const file = o.file ? resolve(o.file) : undefined;
  if (file && !existsSync(file)) fail(`--file ${file} does not exist`);
  const logger = createLogger('metrics');
  const server = createMetricsServer({
    file,
    prometheus: o.prometheus,
    at,
    requestsMetric: o['requests-metric'],
    statusLabel: o['status-label'],
    serviceLabel: o['service-label'],
    logger,
  });
  void serveStdio(server, logger);
}

main();
