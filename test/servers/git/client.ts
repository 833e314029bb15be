// Test helper: a real MCP SDK Client connected over InMemoryTransport to createGitServer, with small call helpers.
// Results come back as the parsed JSON (ok) or the isError text, exactly as a model would see them.
import { createLogger } from '../../../src/core/logger.js';
import { createGitServer } from '../../../servers/git/server.js';
import { linkClient, type LinkedClient } from '../../helpers/mcp-client.js';

export type { CallResult } from '../../helpers/mcp-client.js';
export type GitClient = LinkedClient;

/** Closed when the current test finishes. */
export async function connectGit(repo: string, at?: string): Promise<GitClient> {
  const server = createGitServer({
    repo,
    at: at === undefined ? undefined : Date.parse(at),
    logger: createLogger('git-test', 'silent'),
  });
  return linkClient(server, 'git-test', { closeWhenTestEnds: true });
}
