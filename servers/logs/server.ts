// Builds the logs MCP server: the six read-only tools over the configured log sources.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';
import { registerTools, type AnyToolDef } from '../../src/core/tool-kit.js';
import type { LogsContext, LogsOptions } from './context.js';
import { errorSignaturesTool } from './tools/error-signatures.js';
import { listSources } from './tools/list-sources.js';
import { logStatsTool } from './tools/log-stats.js';
import { readLogs } from './tools/read-logs.js';
import { requestFlowsTool } from './tools/request-flows.js';
import { searchLogs } from './tools/search-logs.js';

export const LOGS_SERVER_VERSION = '0.1.0';

export const LOGS_TOOLS: AnyToolDef<LogsContext>[] = [searchLogs, errorSignaturesTool, logStatsTool, readLogs, listSources, requestFlowsTool];

export function createLogsServer(options: LogsOptions, logger: Logger = createLogger('logs')): McpServer {
  const server = new McpServer({ name: 'logs', version: LOGS_SERVER_VERSION }, { jsonSchemaValidator: lazySchemaValidator() });
  const ctx: LogsContext = {
    options,
    logger,
    now: () => options.at ?? Date.now(),
  };
  registerTools(server, LOGS_TOOLS, ctx, logger);
  return server;
}
