// The composition root: the one place that turns flags and rca.config.yaml into concrete objects
// (the MCP hub and its child processes). Heavy modules are imported lazily so `rca --help` stays fast.
import type { Command } from 'commander';
import type { ConfigFlags, DemoResolution, ResolvedConfig } from '../core/config.js';
import type { EventSink } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { McpHub } from '../mcp/index.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The source flags shared by `rca`, `rca servers` and anything else that reads the sources. */
export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--logs <path>', 'log file, directory or glob (repeatable)', collect)
    .option('--repo <dir>', 'git repository of the service')
    .option('--metrics <file|url>', 'OpenMetrics file or Prometheus URL (http://prometheus:9090)')
    .option('--docker [socket]', 'Docker socket (default $DOCKER_HOST or /var/run/docker.sock) or a snapshot .json')
    .option('--config <file>', 'config file (default ./rca.config.yaml)')
    .option('--at <time>', 'the moment of the report, for replaying an old incident: an ISO time or relative (30m ago, now-2h) (default now)');
}

export interface ComposeEnv {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Flags (as commander collected them) + config file + environment -> the configuration to run with,
 * falling back to the bundled demo when no source is configured (the caller prints `notice` on stderr).
 */
export async function resolveRunConfig(rawFlags: Record<string, unknown>, ctx: ComposeEnv = {}): Promise<DemoResolution> {
  const { applyDemoFallback, parseConfigFlags, resolveConfig } = await import('../core/config.js');
  const env = ctx.env ?? process.env;
  const flags: ConfigFlags = parseConfigFlags(rawFlags);
  const config = resolveConfig(flags, ctx.cwd ?? process.cwd(), env);
  return applyDemoFallback(config, { env });
}

/** Starts the built-in servers for the sources plus the extra mcpServers; the caller closes the hub. */
export async function composeHub(config: ResolvedConfig, events: EventSink, opts: ComposeEnv & { logger?: Logger } = {}): Promise<McpHub> {
  const [{ serverLaunchSpecs }, { startHub }] = await Promise.all([import('../core/config.js'), import('../mcp/index.js')]);
  return startHub({
    servers: serverLaunchSpecs(config, opts.env ?? process.env),
    events,
    callTimeoutMs: config.limits.call_timeout_ms,
    startTimeoutMs: config.limits.start_timeout_ms,
    logger: opts.logger,
  });
}
