// Loads rca.config.yaml (cwd or --config), validates it with zod and merges command-line flags over it.
// Every mistake becomes a UsageError naming the file, the line and the field, so exit code 2 says what to fix.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { LineCounter as LineCounterT, parseDocument as parseDocumentT } from 'yaml';
import { yaml } from './lazy-yaml.js';
import type { z } from 'zod';
import { UsageError } from './errors.js';
import { configFileSchema, type ConfigFile } from './config-schema.js';
import type { ConfigFlags } from './config-flags.js';
import { isPostgresUrl, resolveDbPath } from './db-path.js';
import { absoluteSources, BUILTIN_SERVERS, BUILTIN_SOURCES, mergeSources } from './sources.js';
import type { ResolvedConfig } from './config-types.js';
import { WATCH_KEYS } from './watch-schema.js';

export const CONFIG_FILE_NAME = 'rca.config.yaml';

type YamlDoc = ReturnType<typeof parseDocumentT>;

export interface LoadedConfig {
  config: ConfigFile;
  /** Absolute path of the file read, or null when none exists (defaults apply). */
  path: string | null;
}


/** Reads and validates the config file: `explicitPath` (from --config) must exist; otherwise cwd/rca.config.yaml if present. */
export function loadConfigFile(cwd: string, explicitPath?: string): LoadedConfig {
  const path = explicitPath ? resolve(cwd, explicitPath) : resolve(cwd, CONFIG_FILE_NAME);
  if (!existsSync(path)) {
    if (explicitPath) throw new UsageError(`config file not found: ${path}`, 'check the --config path');
    return { config: configFileSchema.parse({}), path: null };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  return { config: resolveConfigPaths(parseConfigText(text, path), dirname(path)), path };
}

/** Parses YAML text and validates it; `file` is only used in error messages. */
export function parseConfigText(text: string, file: string): ConfigFile {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${reason}`, 'fix the YAML syntax at that position');
  }
  const data: unknown = doc.toJS() ?? {};
  rejectRemoteServers(data, (path) => `${file}${locateKey(doc, lineCounter, path)}`);
  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.code === 'invalid_key' ? locateKey(doc, lineCounter, issue.path) : locate(doc, lineCounter, issue);
    throw new UsageError(`${file}${where}: ${describeIssue(issue)}`, configHint(issue));
  }
  for (const name of Object.keys(parsed.data.mcpServers)) {
    if ((BUILTIN_SERVERS as string[]).includes(name)) {
      const at = locateKey(doc, lineCounter, ['mcpServers', name]);
      throw new UsageError(
        `${file}${at}: mcpServers.${name}: "${name}" is a built-in server; configure it under sources, or give your server another name`,
      );
    }
  }
  return parsed.data;
}

function locate(doc: YamlDoc, lc: LineCounterT, issue: { path: PropertyKey[] }): string {
  // Walk down to the deepest node that exists: an unknown key or a missing field points at its parent.
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (yaml().isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return `:${pos.line}:${pos.col}`;
    }
  }
  return '';
}

/** Gemini CLI configs may hold url/httpUrl servers: say plainly that only stdio is supported. */
function rejectRemoteServers(data: unknown, where: (path: string[]) => string): void {
  const servers = (data as { mcpServers?: unknown } | null)?.mcpServers;
  if (typeof servers !== 'object' || servers === null) return;
  for (const [name, srv] of Object.entries(servers)) {
    if (typeof srv !== 'object' || srv === null || 'command' in srv) continue;
    const key = ['url', 'httpUrl', 'serverUrl'].find((k) => k in srv);
    if (key) {
      throw new UsageError(
        `${where(['mcpServers', name, key])}: mcpServers.${name}.${key}: only stdio servers are supported; give a command (and args) that starts the server`,
      );
    }
  }
}

/** The position of a map key itself (for a bad key, the key is what to fix, not its value). */
function locateKey(doc: YamlDoc, lc: LineCounterT, path: PropertyKey[]): string {
  const { isMap, isNode, isScalar } = yaml();
  const parent = doc.getIn(path.slice(0, -1).filter((p): p is string | number => typeof p !== 'symbol'), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
    if (pair && isNode(pair.key) && pair.key.range) {
      const pos = lc.linePos(pair.key.range[0]);
      return `:${pos.line}:${pos.col}`;
    }
  }
  return locate(doc, lc, { path });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return `${field ? `${field}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_key') return `${field}: ${issue.issues[0]?.message ?? issue.message}`;
  return `${field || '(top level)'}: ${issue.message}`;
}

function configHint(issue: z.core.$ZodIssue): string {
  const top = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
    return 'known top-level fields: sources, mcpServers, model, limits, window, at, db, watch';
  }
  if (top === 'sources') return `sources takes ${BUILTIN_SOURCES.map((e) => e.hint).join(', ')}`;
  if (top === 'mcpServers') return 'each server takes command, args, env, cwd (the Claude Desktop / Gemini CLI shape)';
  if (top === 'watch') return `watch takes ${Object.values(WATCH_KEYS).map((k) => k.config).join(', ')}`;
  if (top === 'limits') return 'limits takes rounds, tool_calls, call_timeout_ms, start_timeout_ms, tool_output_tokens';
  return 'see rca.config.yaml in the README for the format';
}

function abs(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

/** Paths in a config file are relative to the file, not to the cwd rca runs in. */
function resolveConfigPaths(config: ConfigFile, base: string): ConfigFile {
  return {
    ...config,
    sources: absoluteSources(config.sources, base),
    mcpServers: Object.fromEntries(
      Object.entries(config.mcpServers).map(([name, srv]) => [name, { ...srv, cwd: srv.cwd === undefined ? undefined : abs(base, srv.cwd) }]),
    ),
    db: config.db === undefined ? undefined : isPostgresUrl(config.db) ? config.db : abs(base, config.db),
  };
}

/**
 * Flags win over the environment, which wins over the file (the database path too: db-path.ts). Source flags
 * replace the file's value for that source (--logs replaces the whole list). Relative flag paths are relative to `cwd`.
 */
export function mergeConfig(
  loaded: LoadedConfig,
  flags: ConfigFlags,
  cwd: string,
  env: Record<string, string | undefined> = {},
): ResolvedConfig {
  const file = loaded.config;
  return {
    // A source flag replaces the file's value for that source; the file's paths are absolute already.
    sources: mergeSources([{ values: flags, base: cwd }, { values: file.sources, base: cwd }]),
    mcpServers: Object.fromEntries(Object.entries(file.mcpServers).filter(([, s]) => !s.disabled)),
    // The file's generation cap, deadlines and tool choice stay; only the name and host have other layers.
    model: {
      ...file.model,
      name: flags.model ?? env.OLLAMA_MODEL ?? file.model.name,
      host: env.OLLAMA_HOST ?? file.model.host,
    },
    limits: {
      ...file.limits,
      ...(flags.callTimeoutMs !== undefined ? { call_timeout_ms: flags.callTimeoutMs } : {}),
    },
    window: flags.window ?? file.window,
    at: flags.at ?? file.at,
    db: resolveDbPath({ flag: flags.db, configured: file.db, cwd }, env),
    watch: file.watch,
    configPath: loaded.path,
  };
}

/** Convenience: load the file named by flags.config (or cwd's) and merge the flags over it. */
export function resolveConfig(flags: ConfigFlags, cwd: string, env: Record<string, string | undefined> = {}): ResolvedConfig {
  return mergeConfig(loadConfigFile(cwd, flags.config), flags, cwd, env);
}
