// Turns resolved sources and extra mcpServers into launch specs (command, args, env) for the hub.
// Built-in server paths are found from this module's location, so rca works from any cwd.
import { join, resolve } from 'node:path';
import type { McpServerConfig } from './config-schema.js';
import type { ResolvedConfig } from './config-types.js';
import { configuredSources, type AnySource, type ResolvedSources } from './sources.js';
import { packageRoot } from './package-info.js';

export interface ServerLaunchSpec {
  /** Prefix of the tool names: `<name>__<tool>`. */
  name: string;
  command: string;
  args: string[];
  /** Added to the SDK's safe default environment (PATH, HOME, ...). */
  env?: Record<string, string>;
  cwd?: string;
  builtin: boolean;
  /** Per-server call timeout, overriding the hub default. */
  callTimeoutMs?: number;
}

export { packageRoot };

/** Environment a built-in server needs from ours (the SDK passes only PATH, HOME and a few others). */
function builtinEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  // XDG_CACHE_HOME: where the logs server keeps its time indexes and every server its code cache (code-cache.ts),
  // which NODE_DISABLE_COMPILE_CACHE turns off; INCIDENT_LOGS_READ_BUDGET: when it samples. NODE_COMPILE_CACHE (set
  // by bin/compile-cache.js, Node >= 22.1) covers only the small shim that starts a server's bundle.
  const keys = ['INCIDENT_LOG_LEVEL', 'DOCKER_HOST', 'TZ', 'XDG_CACHE_HOME', 'INCIDENT_LOGS_READ_BUDGET', 'NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE'];
  for (const key of keys) {
    const v = env[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * V8 flags for the built-in servers. On Node 20 (V8 11) a server answering one rca run spends much of its CPU on
 * TurboFan compiling functions that are hot for a fraction of a second; an interrupt budget 64 times the default
 * (67584) tiers up later, so a short run stays in the interpreter and baseline (Sparkplug) code and a long scan still
 * gets optimised after some more milliseconds. Measured on a TrainTicket case, rca's calls replayed on each server
 * (session 31, 3 runs each): 8x the default (session 9's choice, itself about 12 % less CPU per rca run than none)
 * -> 64x took the logs server's three windowed calls from 480-530 to 420-440 ms of CPU and the metrics server's
 * calls from 270-290 to 180-210 ms; 16x and 32x lay between, 128x and no TurboFan at all (--no-opt) gained nothing
 * more, and leaving out Sparkplug cost a third more.
 * V8 12+ (Node 22, 24) has no such flag (node refuses it at start) and tiers through Maglev instead, where raising
 * its thresholds made no difference, so it is passed on V8 11 only.
 *
 * On every V8, garbage is collected on the server's own thread: a server lives for one run, and the helper threads
 * V8 starts for parallel and concurrent collection cost more CPU than they save it (about 10 % of a case's CPU, on
 * two cores shared by two cases; alone, a case's wall time fell too). Its standalone bin/ shims, long-lived under an
 * MCP client, keep V8's default.
 */
export function serverV8Flags(v8Version = process.versions.v8): string[] {
  const major = Number.parseInt(v8Version, 10);
  return [...(major === 11 ? ['--interrupt-budget=4325376'] : []), '--single-threaded-gc'];
}

export interface BuiltinSpecOptions {
  /** Fixed report moment, passed as --at to every built-in server. */
  at?: string;
  root?: string;
  env?: Record<string, string | undefined>;
  /** The sources to launch servers for; the built-in registry by default. */
  registry?: readonly AnySource[];
}

/** One spec per configured source, in the registry's order (sources.ts); absent sources get none. */
export function builtinServerSpecs(sources: ResolvedSources, opts: BuiltinSpecOptions = {}): ServerLaunchSpec[] {
  const root = opts.root ?? packageRoot();
  const env = builtinEnv(opts.env ?? {});
  const at = opts.at ? ['--at', opts.at] : [];
  return configuredSources(sources, opts.registry).map(({ entry, value }) => ({
    name: entry.server,
    command: process.execPath,
    // The bundled server (esbuild.config.mjs): one file loads in half the CPU time of the module tree.
    args: [...serverV8Flags(), ...(entry.nodeFlags ?? []), join(root, 'dist', 'bundle', `${entry.server}-server.mjs`), ...entry.args(value), ...at],
    env,
    builtin: true,
  }));
}

/** Expands ${VAR} and $VAR from `env`, as Claude Desktop and Gemini CLI configs expect for tokens. */
export function expandEnvRefs(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
}

/** Specs for the user's extra stdio servers, in config order. */
export function extraServerSpecs(
  servers: Record<string, McpServerConfig>,
  env: Record<string, string | undefined> = {},
): ServerLaunchSpec[] {
  return Object.entries(servers).map(([name, s]) => ({
    name,
    command: expandEnvRefs(s.command, env),
    args: s.args.map((a) => expandEnvRefs(a, env)),
    env: Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, expandEnvRefs(v, env)])),
    cwd: s.cwd === undefined ? undefined : resolve(s.cwd),
    builtin: false,
    callTimeoutMs: s.timeout,
  }));
}

/** Every server the hub should start for this configuration: built-ins first, then extras. */
export function serverLaunchSpecs(
  config: Pick<ResolvedConfig, 'sources' | 'mcpServers' | 'at'>,
  env: Record<string, string | undefined> = {},
  root?: string,
): ServerLaunchSpec[] {
  return [...builtinServerSpecs(config.sources, { at: config.at, env, root }), ...extraServerSpecs(config.mcpServers, env)];
}
