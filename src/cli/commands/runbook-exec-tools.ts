// The MCP hub of `runbook exec`, started lazily (only when a tool step runs) with the servers the runbook's
// tools name, from rca.config.yaml / flags or the bundled demo; docker mutations only when permitted.
import { serverOf, type ToolCaller } from '../../core/tools.js';
import type { McpHub } from '../../mcp/index.js';
import { toolsUsed, type Runbook } from '../../runbook/schema.js';
import { resolveRunConfig, startServers } from '../compose.js';

/** Server names (<server>__tool) used by a runbook's captures, steps, checks and rollback. */
export function serversUsed(rb: Runbook): string[] {
  return [...new Set(toolsUsed(rb).map(serverOf))];
}

export interface LazyHub {
  get: () => Promise<ToolCaller>;
  close: () => Promise<void>;
}

export function lazyHub(rb: Runbook, flags: Record<string, unknown>, allowMutations: boolean): LazyHub {
  let hub: Promise<McpHub> | null = null;
  const wanted = new Set(serversUsed(rb));
  return {
    get: () => {
      hub ??= (async () => {
        const { config, demo } = await resolveRunConfig(flags);
        // Never silently: a tool step against the recorded demo reads a snapshot and cannot change anything.
        if (demo) {
          process.stderr.write(`warning: no source configured for ${[...wanted].join(', ')}: tool steps read the bundled demo snapshot (read-only); pass --docker SOCKET or --config rca.config.yaml to act on a real system\n`);
        }
        return startServers(config, undefined, { only: wanted, allowMutations });
      })();
      return hub;
    },
    close: async () => {
      if (hub) await (await hub).close();
    },
  };
}
