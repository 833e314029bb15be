// Composition for `runbook exec`: starts the MCP hub lazily (only when a tool step runs) with the servers the
// runbook's tools name, from rca.config.yaml / flags or the bundled demo; docker mutations only when permitted.
import { applyDemoFallback, parseConfigFlags, resolveConfig, serverLaunchSpecs } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import type { ToolCaller } from '../../core/tools.js';
import { startHub, type McpHub } from '../../mcp/index.js';
import { toolsUsed, type Runbook } from '../../runbook/schema.js';

/** Server names (<server>__tool) used by a runbook's captures, steps, checks and rollback. */
export function serversUsed(rb: Runbook): string[] {
  return [...new Set(toolsUsed(rb).map((t) => t.split('__')[0]))];
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
        const env = process.env as Record<string, string | undefined>;
        const { config } = await applyDemoFallback(resolveConfig(parseConfigFlags(flags), process.cwd(), env), { env });
        const specs = serverLaunchSpecs(config, env)
          .filter((s) => wanted.has(s.name))
          .map((s) => (s.name === 'docker' && s.builtin && allowMutations ? { ...s, args: [...s.args, '--allow-mutations'] } : s));
        return startHub({ servers: specs, logger: createLogger('hub') });
      })();
      return hub;
    },
    close: async () => {
      if (hub) await (await hub).close();
    },
  };
}
