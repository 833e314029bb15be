// The MCP hub's public surface: start the configured stdio servers and use them as one ToolCaller.
// Everything else in src/mcp/ is internal.
export { McpHub, startHub, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_START_TIMEOUT_MS } from './hub.js';
export { qualifiedName, toToolSpec } from './registry.js';
export type { AuditRecord, HubOptions, ServerHealth, ServerLaunchSpec, ServerStatus } from './types.js';
