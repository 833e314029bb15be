// The built-in sources as data: per server its config key and flag, how a value is validated, made absolute and
// turned into the server's argv, and its part of the demo. Config, flags, launch and the demo all read this list.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const flagPath = z.string().trim().min(1, 'needs a value');
const isUrl = (s: string) => /^https?:\/\//i.test(s);
const abs = (base: string, p: string) => (isAbsolute(p) ? p : resolve(base, p));

export interface SourceEntry<V, K extends string = string, S extends string = string> {
  /** The server's name: the prefix of its tools (`<server>__<tool>`) and its bundle dist/bundle/<server>-server.mjs. */
  server: S;
  /** The key under `sources:` in rca.config.yaml, and the flag's name. */
  key: K;
  /** The commander option (`--logs <path>`), repeatable when `repeatable`. */
  flag: string;
  help: string;
  repeatable?: boolean;
  /** The value in rca.config.yaml. */
  config: z.ZodType<V>;
  /** The value commander collected for the flag. */
  fromFlag: z.ZodType<V>;
  /** What the config error hint says this key takes. */
  hint: string;
  /** Relative paths made absolute against `base` (the config file's directory, or the cwd for a flag). */
  absolute(value: V, base: string): V;
  /** False for a value that configures nothing (an empty list). */
  isSet(value: V): boolean;
  /** The server's arguments for the value (before the common --at). */
  args(value: V): string[];
  /** Where the bundled demo keeps this source, relative to its directory; a `.bundle` is cloned first. */
  demo: string;
  /** One cheap read-only call that shows the server reaches its data (`rca servers`). */
  probe: { tool: string; args: Record<string, unknown> };
}

const source = <V, K extends string, S extends string>(e: SourceEntry<V, K, S>): SourceEntry<V, K, S> => e;
const keepUrl = (v: string, base: string) => (isUrl(v) ? v : abs(base, v));

export const LOGS = source<string[], 'logs', 'logs'>({
  server: 'logs',
  key: 'logs',
  flag: '--logs <path>',
  help: 'log file, directory or glob (repeatable)',
  repeatable: true,
  // One string is accepted for a single source.
  config: z.union([nonEmpty.transform((s) => [s]), z.array(nonEmpty)]),
  fromFlag: z.array(flagPath),
  hint: 'logs (list of paths or globs)',
  absolute: (v, base) => v.map((p) => abs(base, p)),
  isSet: (v) => v.length > 0,
  args: (v) => v.flatMap((p) => ['--source', p]),
  demo: 'logs',
  probe: { tool: 'list_sources', args: {} },
});

export const GIT = source<string, 'repo', 'git'>({
  server: 'git',
  key: 'repo',
  flag: '--repo <dir>',
  help: 'git repository of the service',
  config: nonEmpty,
  fromFlag: flagPath,
  hint: 'repo',
  absolute: (v, base) => abs(base, v),
  isSet: () => true,
  args: (v) => ['--repo', v],
  demo: 'repo.bundle',
  probe: { tool: 'get_recent_commits', args: { limit: 1 } },
});

export const METRICS = source<string, 'metrics', 'metrics'>({
  server: 'metrics',
  key: 'metrics',
  flag: '--metrics <file|url>',
  help: 'OpenMetrics file or Prometheus URL (http://prometheus:9090)',
  // An OpenMetrics file or a Prometheus base URL (http:// or https://).
  config: nonEmpty,
  fromFlag: flagPath,
  hint: 'metrics (file or http URL)',
  absolute: keepUrl,
  isSet: () => true,
  args: (v) => (isUrl(v) ? ['--prometheus', v] : ['--file', v]),
  demo: 'metrics/metrics.om',
  probe: { tool: 'list_metrics', args: {} },
});

export const DOCKER = source<string | true, 'docker', 'docker'>({
  server: 'docker',
  key: 'docker',
  flag: '--docker [socket]',
  help: 'Docker socket (default $DOCKER_HOST or /var/run/docker.sock) or a snapshot .json',
  // A socket (path or unix://path), `true` for the default socket, or a snapshot .json file.
  config: z.union([nonEmpty, z.literal(true)]),
  fromFlag: z.union([z.literal(true), flagPath]),
  hint: 'docker (socket or snapshot .json)',
  absolute: (v, base) => (v === true || v.startsWith('unix://') ? v : abs(base, v)),
  isSet: () => true,
  args: (v) => (v === true ? [] : /\.json$/i.test(v) ? ['--snapshot', v] : ['--socket', v.replace(/^unix:\/\//, '')]),
  demo: 'docker/snapshot.json',
  probe: { tool: 'list_containers', args: { all: true } },
});

/** Every built-in source, in launch order. Adding a server: its folder under servers/ and one entry here. */
export const BUILTIN_SOURCES = [LOGS, GIT, METRICS, DOCKER] as const;

/** Sources with absolute paths (URLs and `true` left as they are); `logs` is empty when none is configured. */
export interface ResolvedSources {
  logs: string[];
  repo?: string;
  metrics?: string;
  docker?: string | true;
}

type Key = (typeof BUILTIN_SOURCES)[number]['key'];
// The interface above and the registry name the same keys (a new entry without a field here does not compile).
const KEYS_MATCH: Record<Key, true> & Record<keyof ResolvedSources, true> = { logs: true, repo: true, metrics: true, docker: true };
void KEYS_MATCH;

/** The built-in servers' names (the `source` of a timeline entry in the report contract). */
export type BuiltinServer = (typeof BUILTIN_SOURCES)[number]['server'];
export const BUILTIN_SERVERS = BUILTIN_SOURCES.map((s) => s.server) as [BuiltinServer, ...BuiltinServer[]];

type Entry = (typeof BUILTIN_SOURCES)[number];

/** The zod shape of `sources:` in the config file (`config`) or of the source flags (`fromFlag`), every key optional. */
export function sourcesShape<F extends 'config' | 'fromFlag'>(field: F): { [E in Entry as E['key']]: z.ZodOptional<E[F]> } {
  return Object.fromEntries(BUILTIN_SOURCES.map((s) => [s.key, s[field].optional()])) as never;
}

/** One source's value, seen through the registry entry that knows its type. */
type AnyEntry = SourceEntry<unknown>;
const entries = BUILTIN_SOURCES as unknown as readonly AnyEntry[];

/**
 * Merges source values: per key the first defined one in `layers` (flags before the file), each made absolute
 * against its layer's base directory. Keys no layer sets stay unset (`logs` empty).
 */
export function mergeSources(layers: Array<{ values: Partial<Record<string, unknown>>; base: string }>): ResolvedSources {
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const layer = layers.find((l) => l.values[e.key] !== undefined && e.isSet(l.values[e.key]));
    out[e.key] = layer ? e.absolute(layer.values[e.key], layer.base) : undefined;
  }
  return { ...out, logs: (out[LOGS.key] as string[] | undefined) ?? [] } as ResolvedSources;
}

/** The same values with relative paths made absolute against `base` (unset keys left out). */
export function absoluteSources<T extends Partial<Record<string, unknown>>>(values: T, base: string): T {
  const out: Record<string, unknown> = {};
  for (const e of entries) if (values[e.key] !== undefined) out[e.key] = e.absolute(values[e.key], base);
  return out as T;
}

/** The configured built-in sources with their values, in launch order. */
export function configuredSources(sources: ResolvedSources): Array<{ entry: AnyEntry; value: unknown }> {
  const values = sources as unknown as Record<string, unknown>;
  return entries.flatMap((entry) => {
    const value = values[entry.key];
    return value !== undefined && entry.isSet(value) ? [{ entry, value }] : [];
  });
}
