// Entry-point plumbing shared by the four stdio servers: connect the transport, log to stderr only,
// and shut down cleanly when the client closes stdin or sends a signal.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from './logger.js';

export async function serveStdio(server: McpServer, logger: Logger): Promise<void> {
  const transport = new StdioServerTransport();
  const close = () => {
    // A server whose client is gone must not linger: exit even if closing waits on work in flight.
    setTimeout(() => process.exit(0), 300).unref();
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  process.stdin.on('end', close);
  process.stdin.on('close', close);
  await server.connect(transport);
  logger.info('serving on stdio');
}
