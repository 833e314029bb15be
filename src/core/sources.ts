// The built-in sources' registry: one entry per server (src/core/sources/<server>.ts), and what every layer derives
// from the list: config keys and flags, launch order, the offline engine's readings and bundle slots, server names.
import type { z } from 'zod';
import { DOCKER } from './sources/docker.js';
import { GIT } from './sources/git.js';
import { LOGS } from './sources/logs.js';
import { METRICS } from './sources/metrics.js';
import type { OfflineReading, SourceEntry } from './sources/source.js';

/**
 * Every built-in source, in launch order. Adding a server: its folder servers/<server>/ and one entry here
 * (README, "Adding a built-in source").
 */
export const BUILTIN_SOURCES = [LOGS, GIT, METRICS, DOCKER] as const;

type Entry = (typeof BUILTIN_SOURCES)[number];
type ValueOf<E> = E extends SourceEntry<infer V, string, string, object> ? V : never;
type SlotsOf<E> = E extends SourceEntry<unknown, string, string, infer S> ? S : never;
// The union of the entries' slot types turned into one object type holding all of them.
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Any entry, seen without its types (a registry handed in, a test's extra source). */
export type AnySource = SourceEntry<unknown, string, string, object>;

/** Sources with absolute paths (URLs and `true` left as they are), per config key; `logs` is empty when none is configured. */
export type ResolvedSources = { [E in Entry as E['key']]?: ValueOf<E> } & { logs: string[] };

/** The bundle slots of every built-in source (src/rca/bundle.ts adds the incident, window and raw outputs). */
export type SourceSlots = Intersection<SlotsOf<Entry>>;

/** The built-in servers' names. */
export type BuiltinServer = Entry['server'];
export const BUILTIN_SERVERS = BUILTIN_SOURCES.map((s) => s.server) as [BuiltinServer, ...BuiltinServer[]];

/** The servers whose outputs establish that a sha is a commit (`commits` in their entries). */
export function commitServers(list: readonly AnySource[] = BUILTIN_SOURCES): string[] {
  return list.filter((s) => s.commits).map((s) => s.server);
}

/** The zod shape of `sources:` in the config file (`config`) or of the source flags (`fromFlag`), every key optional. */
export function sourcesShape<F extends 'config' | 'fromFlag'>(field: F): { [E in Entry as E['key']]: z.ZodOptional<E[F]> };
export function sourcesShape(field: 'config' | 'fromFlag', list: readonly AnySource[]): Record<string, z.ZodOptional<z.ZodType>>;
export function sourcesShape(field: 'config' | 'fromFlag', list: readonly AnySource[] = BUILTIN_SOURCES) {
  return Object.fromEntries(list.map((s) => [s.key, s[field].optional()]));
}

/**
 * Merges source values: per key the first defined one in `layers` (flags before the file), each made absolute
 * against its layer's base directory. Keys no layer sets stay unset (`logs` empty).
 */
export function mergeSources(
  layers: Array<{ values: Partial<Record<string, unknown>>; base: string }>,
  list: readonly AnySource[] = BUILTIN_SOURCES,
): ResolvedSources {
  const out: Record<string, unknown> = {};
  for (const e of list) {
    const layer = layers.find((l) => l.values[e.key] !== undefined && e.isSet(l.values[e.key]));
    out[e.key] = layer ? e.absolute(layer.values[e.key], layer.base) : undefined;
  }
  return { ...out, logs: (out[LOGS.key] as string[] | undefined) ?? [] } as ResolvedSources;
}

/** The same values with relative paths made absolute against `base` (unset keys left out). */
export function absoluteSources<T extends Partial<Record<string, unknown>>>(values: T, base: string): T {
  const out: Record<string, unknown> = {};
  for (const e of BUILTIN_SOURCES as readonly AnySource[]) if (values[e.key] !== undefined) out[e.key] = e.absolute(values[e.key], base);
  return out as T;
}

/** The configured sources with their values, in launch order. */
export function configuredSources(
  sources: ResolvedSources,
  list: readonly AnySource[] = BUILTIN_SOURCES,
): Array<{ entry: AnySource; value: unknown }> {
  const values = sources as unknown as Record<string, unknown>;
  return list.flatMap((entry) => {
    const value = values[entry.key];
    return value !== undefined && entry.isSet(value) ? [{ entry, value }] : [];
  });
}

/** A source as the offline engine reads it: its server's name and its reading. */
export type OfflineSource = OfflineReading<object> & { server: string };

/** The offline engine's readings, in the order their first calls go out (`callOrder`; ties keep registry order). */
export function offlineSources(list: readonly AnySource[] = BUILTIN_SOURCES): OfflineSource[] {
  const rank = (s: AnySource) => s.offline.callOrder ?? Number.POSITIVE_INFINITY;
  return [...list].sort((a, b) => rank(a) - rank(b)).map((s) => ({ server: s.server, ...s.offline }));
}

/** Fresh, empty bundle slots of every source in `list`. */
export function emptySlots(list: readonly AnySource[] = BUILTIN_SOURCES): SourceSlots {
  return Object.assign({}, ...list.map((s) => s.offline.slots())) as SourceSlots;
}
