// The composition root: the one place that turns flags, rca.config.yaml and the environment into concrete
// objects (the MCP hub and its child processes, the Ollama provider, the SQLite store, the runbook child).
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigFlags } from '../core/config-flags.js';
import { applyDemoFallback, cacheRoot, hasNoSources, type DemoResolution } from '../core/config-demo.js';
import { packageRoot, serverLaunchSpecs } from '../core/config-launch.js';
import type { ModelConfig } from '../core/config-schema.js';
import type { ResolvedConfig } from '../core/config-types.js';
import { resolveConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { BUILTIN_SOURCES, type AnySource } from '../core/sources.js';
import { ignoreEvents, type EventSink } from '../core/events.js';
import { spawnEarly, type EarlyServers } from '../mcp/early-spawn.js';
import type { FollowUpDeps } from '../investigation/follow-up.js';
import type { InvestigationDeps } from '../investigation/session.js';
import type { LlmProvider } from '../llm/index.js';
import type { McpHub } from '../mcp/index.js';
import type { Db, Investigation } from '../store/index.js';

type Env = Record<string, string | undefined>;

export interface ComposeEnv {
  cwd?: string;
  env?: Env;
}

/** Flags + config file + environment, each setting resolved once (the database path included). */
export function resolveSettings(rawFlags: Record<string, unknown>, ctx: ComposeEnv = {}): ResolvedConfig {
  return resolveConfig(parseConfigFlags(rawFlags), ctx.cwd ?? process.cwd(), ctx.env ?? process.env);
}

/** True when neither flags nor the config file name a source (a pipe on stdin may then be the logs). */
export function hasNoSourcesConfigured(rawFlags: Record<string, unknown>, ctx: ComposeEnv = {}): boolean {
  return hasNoSources(resolveSettings(rawFlags, ctx).sources);
}

/** The settings to investigate with, falling back to the bundled demo when no source is configured (print `notice`). */
export async function resolveRunConfig(rawFlags: Record<string, unknown>, ctx: ComposeEnv = {}): Promise<DemoResolution> {
  return applyDemoFallback(resolveSettings(rawFlags, ctx), { env: ctx.env ?? process.env });
}

const SOURCE_FLAGS = BUILTIN_SOURCES.map((s) => s.key);
const SOURCES: readonly AnySource[] = BUILTIN_SOURCES;

/** "a, b or c". */
const orList = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? ''));

/** A source's flag as a hint shows it: `--metrics <file|url>` reads `--metrics FILE|URL`. */
const flagUsage = (s: AnySource) => s.flag.replace(/<([^>]+)>/g, (_m, v: string) => v.toUpperCase()).replace(/\[([^\]]+)\]/g, (_m, v: string) => `[${v.toUpperCase()}]`);

/** What to do when no source is given: every registered source's flag, the logs on stdin, the config file, the demo. */
export function noSourcesHint(list: readonly AnySource[] = SOURCES): string {
  return `pass ${orList(list.map(flagUsage))} (or pipe logs in: journalctl -o short-iso | rca "..."), or write rca.config.yaml; ` +
    'to see what rca does on a bundled incident: rca demo';
}

/** The usage error of a run with no source: what rca could have read, named by the registry's labels. */
export function noSourcesError(list: readonly AnySource[] = SOURCES): UsageError {
  return new UsageError(`no sources to read: none of ${orList(list.map((s) => s.label))} is configured`, noSourcesHint(list));
}

/**
 * The settings `rca` and `rca servers` read: the user's sources, or the bundled demo only when asked for
 * (`rca demo`, `--demo`). No source and no demo is a usage error (exit 2) that says how to give one.
 */
export async function resolveSourcesOrDemo(rawFlags: Record<string, unknown>, opts: { demo: boolean }, ctx: ComposeEnv = {}): Promise<DemoResolution> {
  const given = SOURCE_FLAGS.filter((f) => rawFlags[f] !== undefined).map((f) => `--${f}`);
  if (opts.demo && given.length) {
    throw new UsageError(`the demo reads the bundled incident, not ${given.join(', ')}`, 'drop --demo to investigate your own sources');
  }
  const settings = resolveSettings(rawFlags, ctx);
  if (opts.demo) return applyDemoFallback({ ...settings, sources: { logs: [] } }, { env: ctx.env ?? process.env });
  if (hasNoSources(settings.sources)) throw noSourcesError();
  return { config: settings, demo: false, notice: null };
}

export interface HubChoice {
  env?: Env;
  /** Start only these servers (a runbook starts the ones its tools name). */
  only?: ReadonlySet<string>;
  /** Start the built-in docker server with its mutating tools enabled (runbook steps a person allowed). */
  allowMutations?: boolean;
  /** Processes spawnServersEarly started for these settings: adopted by the hub, any left over stopped. */
  early?: EarlyServers;
}

/**
 * Spawns the built-in servers of these settings now, before the MCP client, the engine and the store are loaded:
 * their start-up (the longest wait of a run) overlaps rca's own. Pass the result to startServers, and close it
 * when the command ends, so a run that fails before its hub starts leaves no process behind.
 */
export function spawnServersEarly(config: ResolvedConfig, env: Env = process.env): EarlyServers {
  return spawnEarly(serverLaunchSpecs(config, env));
}

/** Starts the built-in servers for the sources plus the extra mcpServers; the caller closes the hub. */
export async function startServers(config: ResolvedConfig, events: EventSink = ignoreEvents, choice: HubChoice = {}): Promise<McpHub> {
  const [{ startHub }, { createLogger }] = await Promise.all([import('../mcp/index.js'), import('../core/logger.js')]);
  const specs = serverLaunchSpecs(config, choice.env ?? process.env)
    .filter((s) => !choice.only || choice.only.has(s.name))
    .map((s) => {
      const mutating = s.builtin && choice.allowMutations ? SOURCES.find((e) => e.server === s.name)?.mutating : undefined;
      return mutating ? { ...s, args: [...s.args, ...mutating] } : s;
    });
  const hub = startHub({
    servers: specs,
    events,
    callTimeoutMs: config.limits.call_timeout_ms,
    startTimeoutMs: config.limits.start_timeout_ms,
    logger: createLogger('hub'),
    early: choice.early,
  });
  // Every server has claimed its early child by now (the slots do so before their first await): stop the others.
  choice.early?.close();
  return hub;
}

/**
 * The model provider when a model is named (--model, OLLAMA_MODEL or the config file) and not `offline`:
 * `openai:<name>` is an OpenAI-compatible endpoint (model.host, else OPENAI_BASE_URL; OPENAI_API_KEY), any
 * other name an Ollama model. null means the deterministic path is the whole answer; the caller checks reachability.
 */
export async function createModelProvider(
  model: ModelConfig,
  opts: { offline?: boolean; env?: Env; chatTimeoutMs?: number } = {},
): Promise<LlmProvider | null> {
  if (opts.offline) return null;
  const { resolveOllamaSettings, createOllamaProvider } = await import('../llm/index.js');
  const s = resolveOllamaSettings(opts.env ?? process.env, { model: model.name, host: model.host });
  if (!s.model) return null;
  const env = opts.env ?? process.env;
  const timeouts = { numPredict: model.num_predict, firstTokenTimeoutMs: model.first_token_timeout_ms, chatTimeoutMs: opts.chatTimeoutMs ?? model.timeout_ms };
  if (s.model.startsWith('openai:')) {
    const { createOpenAiProvider } = await import('../llm/openai-provider.js');
    const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
    return createOpenAiProvider({ baseUrl: model.host ?? env.OPENAI_BASE_URL, model: s.model.slice('openai:'.length), apiKey, ...timeouts });
  }
  return createOllamaProvider({
    host: s.host, model: s.model, apiKey: s.apiKey,
    numPredict: model.num_predict, firstTokenTimeoutMs: model.first_token_timeout_ms, chatTimeoutMs: opts.chatTimeoutMs ?? model.timeout_ms,
  });
}

/** Opens the history store, its code loaded on first use: a run starts its servers before it reads and compiles it. */
async function openStoreLazily(path: string): Promise<Db> {
  return (await import('../store/index.js')).openStore(path);
}

/** What one investigation is built from: the hub, the provider and the store of these settings. */
export async function investigationDeps(config: ResolvedConfig, opts: { offline: boolean; early?: EarlyServers }): Promise<InvestigationDeps> {
  // The hub's code (the MCP SDK) is loaded now, so the session's startHub connects to the servers (spawned early, or
  // now) at once, before the store and the engine are loaded and opened: those overlap the servers' own start-up.
  await import('../mcp/index.js');
  return {
    startHub: (events) => startServers(config, events, { early: opts.early }),
    provider: await createModelProvider(config.model, { offline: opts.offline }),
    openStore: () => openStoreLazily(config.db),
    catalogCacheFile: join(cacheRoot({ env: process.env }), 'runbook-catalog.json'),
  };
}

const storedSourcesSchema = z.object({
  logs: z.array(z.string()).default([]),
  repo: z.string().optional(),
  metrics: z.string().optional(),
  docker: z.union([z.literal(true), z.string()]).optional(),
  demo: z.boolean().optional(),
  config: z.string().nullable().optional(),
});

/**
 * What follow-up questions about a stored investigation are answered with: the model these flags and the config
 * name, the servers of the sources that investigation read (at its report moment, so `30m` means what it meant
 * then), and the history store. Servers start only when a model asks for a tool.
 */
export async function followUpDeps(
  inv: Pick<Investigation, 'sources' | 'window'>,
  flags: { db?: string; config?: string; model?: string; offline?: boolean },
): Promise<{ deps: FollowUpDeps; config: ResolvedConfig }> {
  // Stored data read back: a row written by an older version may lack a field; then the model has no tools.
  const parsed = storedSourcesSchema.safeParse(inv.sources);
  const stored = parsed.success ? parsed.data : { logs: [], demo: false, config: null };
  const storedConfig = stored.config && existsSync(stored.config) ? stored.config : undefined;
  const settings = resolveSettings({ db: flags.db, config: flags.config ?? storedConfig, model: flags.model, at: inv.window.to });
  const { demo: _d, config: _c, ...sources } = stored;
  const config: ResolvedConfig = { ...settings, sources, at: inv.window.to };
  const provider = await createModelProvider(config.model, { offline: flags.offline });
  const sourcesOf = async () => (stored.demo ? (await applyDemoFallback({ ...config, sources: { logs: [] } })).config : config);
  return { config, deps: followUpDepsFor(sourcesOf, provider) };
}

/** Follow-up questions on the settings of a run (`rca --interactive`) or of a stored investigation (`rca ask`). */
export function followUpDepsFor(settings: ResolvedConfig | (() => Promise<ResolvedConfig>), provider: LlmProvider | null): FollowUpDeps {
  const resolved = typeof settings === 'function' ? settings : async () => settings;
  return {
    provider,
    startHub: async (events) => startServers(await resolved(), events),
    openStore: async () => openStoreLazily((await resolved()).db),
  };
}

/** The database file a command's --db (and --config, when it has one) name, with the environment and config file. */
export function dbPathFor(flags: { db?: string; config?: string }, ctx: ComposeEnv = {}): string {
  return resolveSettings({ db: flags.db, config: flags.config }, ctx).db;
}

/** The argv (after `node`) of `runbook exec` for an offered runbook: bin/runbook.js of this package. */
export function runbookExecArgv(
  id: string,
  opts: { params: Record<string, string>; incidentId: string | null; config: Pick<ResolvedConfig, 'configPath' | 'sources' | 'db'> },
): string[] {
  const args = [join(packageRoot(), 'bin', 'runbook.js'), 'exec', id, '--db', opts.config.db];
  if (opts.incidentId) args.push('--incident', opts.incidentId);
  // Tool steps reach the same servers the investigation read: its config file and its Docker source.
  if (opts.config.configPath) args.push('--config', opts.config.configPath);
  const docker = opts.config.sources.docker;
  if (docker === true) args.push('--docker');
  else if (docker !== undefined) args.push('--docker', docker);
  for (const [k, v] of Object.entries(opts.params)) args.push('--param', `${k}=${v}`);
  return args;
}

/** Runs `runbook exec` as a child on this terminal (its own plan and confirmations); resolves its exit code. */
export function runRunbookExec(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}
