// Builds the git MCP server: four read-only tools over one local repository, registered through the
// shared tool kit so every failure becomes an isError result and the server keeps serving.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';
import { registerTools, type AnyToolDef } from '../../src/core/tool-kit.js';
import type { GitContext } from './context.js';
import { GitRepo } from './git-runner.js';
import { getDeployments } from './tools/get-deployments.js';
import { getRecentCommits } from './tools/get-recent-commits.js';
import { searchCommits } from './tools/search-commits.js';
import { showCommit } from './tools/show-commit.js';

export const GIT_SERVER_VERSION = '0.1.0';

export interface GitServerOptions {
  /** The repository directory (a work tree, a subdirectory of one, or a bare repository). */
  repo: string;
  /** Reference "now" in ms for relative since/until and the default until; default the real clock. */
  at?: number;
  logger?: Logger;
}

export const GIT_TOOLS: AnyToolDef<GitContext>[] = [getRecentCommits, getDeployments, searchCommits, showCommit];

export function createGitServer(options: GitServerOptions): McpServer {
  const logger = options.logger ?? createLogger('git');
  const server = new McpServer({ name: 'git', version: GIT_SERVER_VERSION }, { jsonSchemaValidator: lazySchemaValidator() });
  const ctx: GitContext = {
    repo: new GitRepo(options.repo),
    now: () => options.at ?? Date.now(),
  };
  registerTools(server, GIT_TOOLS, ctx, logger);
  return server;
}
