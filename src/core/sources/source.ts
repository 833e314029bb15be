// What one built-in source declares (src/core/sources/<server>.ts): its config key and flag, its server's argv,
// its demo part and probe, the contracts of the outputs the offline engine reads, those calls and the bundle slots.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { CallOptions, ToolCallOutcome } from '../tools.js';
import type { ListContract } from '../contracts/parse.js';
import type { Category } from '../report.js';

/** One piece of evidence and the call that produced it. */
export interface Cited<T> {
  call_id: string;
  tool: string;
  data: T;
}

/** The window of the investigation, in the forms the calls take. */
export interface GatherWindow {
  /** Epoch ms. */
  from: number;
  to: number;
  /** The same as ISO strings. */
  since: string;
  until: string;
}

/** What one source's gather step is handed: its calls (named without the `<server>__` prefix) and its bundle slots. */
export interface GatherKit<Slots extends object = object> {
  window: GatherWindow;
  /** The evidence bundle; a source fills only its own slots. */
  bundle: Slots;
  /** Most gauge metrics to sample. */
  maxSeries: number;
  /** Calls one of this server's tools; null when the server does not offer it. Never throws: a failure is an outcome. */
  call(tool: string, args: Record<string, unknown>, opts?: Pick<CallOptions, 'timeBudgetMs'>): Promise<ToolCallOutcome | null>;
  /** An answered call's JSON (null for a failure, a skipped call or text that is not JSON). */
  json(outcome: ToolCallOutcome | null): unknown;
  /** The parsed data with the call it came from, or null when the call failed or its output does not fit. */
  cited<T>(outcome: ToolCallOutcome | null, parse: (json: unknown) => T | null): Cited<T> | null;
}

/** A tool output's contract: a list of items, or one whole object (`unread`: fields only a model reads). */
export type ToolContract = { list: ListContract<unknown> } | { whole: z.ZodType; unread?: string[] };

/** How the offline engine reads the source. */
export interface OfflineReading<Slots extends object> {
  /** The bundle slots this source fills, empty (a fresh object per investigation). */
  slots(): Slots;
  /** Makes the calls and fills this source's slots; runs in parallel with the other sources, never sees their slots. */
  gather(kit: GatherKit<Slots>): Promise<void>;
  /** Lower starts its calls first (the hub numbers calls c1, c2, ... in that order); absent is last. */
  callOrder?: number;
  /** Per windowed tool, how many data points an answer holds: a window where all hold none is "no data" (exit 3). */
  windowed?: Record<string, (json: unknown) => number | undefined>;
}

export interface SourceEntry<V = unknown, K extends string = string, S extends string = string, Slots extends object = object> {
  /** The server's name: the prefix of its tools (`<server>__<tool>`), its folder servers/<server>/ and its bundle
   * dist/bundle/<server>-server.mjs. */
  server: S;
  /** How the report names it in prose ("the logs", "Docker"). */
  label: string;
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
  /** Node options placed before the server's bundle (memory limits of a server that reads large inputs). */
  nodeFlags?: string[];
  /** Arguments that turn on the server's mutating tools (runbook steps a person allowed); absent when it has none. */
  mutating?: string[];
  /** Where the bundled demo keeps this source, relative to its directory; a `.bundle` is cloned first. */
  demo: string;
  /** One cheap read-only call that shows the server reaches its data (`rca servers`); `answer` reads what it said
   * (default: any successful answer is data). */
  probe: { tool: string; args: Record<string, unknown>; answer?(json: unknown): { answers: boolean; detail: string | null } };
  /** Per tool the offline engine reads, the zod contract its output keeps (checked against the real server by a test). */
  contracts: Record<string, ToolContract>;
  offline: OfflineReading<Slots>;
  /** The tools worth offering a model (tools: relevant): on any incident, and per category of the hypotheses at hand. */
  modelTools: { always: string[]; byCategory: Partial<Record<Category, string[]>> };
}

/** Declares an entry with its types inferred (the value, key, server name and slots). */
export const defineSource = <V, K extends string, S extends string, Slots extends object>(
  e: SourceEntry<V, K, S, Slots>,
): SourceEntry<V, K, S, Slots> => e;

// Value helpers the entries share.
export const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const flagPath = z.string().trim().min(1, 'needs a value');
export const isUrl = (s: string) => /^https?:\/\//i.test(s);
export const abs = (base: string, p: string) => (isAbsolute(p) ? p : resolve(base, p));
