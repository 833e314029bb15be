// What one built-in source declares (src/core/sources/<server>.ts): its config key and flag, its server argv, its demo
// part, its probes (data reachable, data span), the contracts of the outputs the offline engine reads, calls and slots.
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

/** Where a source's data lies in time; `from` is null when only the end is known (a reference "now"). */
export interface DataSpan {
  from: number | null;
  to: number;
}

/** A configuration mistake a source's data shows (a --logs that matches no readable file): exit 2, what to fix. */
export interface SourceProblem {
  message: string;
  hint: string;
}

/**
 * One read-only call that tells where a source's data lies in time (--at's default when the data ends before now,
 * the hint of an empty window). Built by `spanProbe`, which reads the answer against its zod contract.
 */
export interface SpanProbe {
  tool: string;
  args: Record<string, unknown>;
  /** The answer's contract (the fields the probe reads). */
  contract: z.ZodType;
  /** True when the probe also checks the configuration: it then runs on every investigation (next to the engine's
   * calls when --at is given), else only when its span is needed. */
  checks: boolean;
  /** The answer's span and problem; null when the answer does not fit the contract. */
  read(json: unknown): { span: DataSpan | null; problem: SourceProblem | null } | null;
}

/** A span probe whose `span` and `check` read the answer as its contract parsed it. */
export function spanProbe<A>(p: {
  tool: string;
  args: Record<string, unknown>;
  contract: z.ZodType<A>;
  span(answer: A): DataSpan | null;
  check?(answer: A): SourceProblem | null;
}): SpanProbe {
  return {
    tool: p.tool,
    args: p.args,
    contract: p.contract,
    checks: p.check !== undefined,
    read(json) {
      const r = p.contract.safeParse(json);
      return r.success ? { span: p.span(r.data), problem: p.check?.(r.data) ?? null } : null;
    },
  };
}

/** A tool output's contract: a list of items, or one whole object (`unread`: fields only a model reads). */
export type ToolContract = { list: ListContract<unknown> } | { whole: z.ZodType; unread?: string[] };

/** How the offline engine reads the source. */
export interface OfflineReading<Slots extends object> {
  /** The bundle slots this source fills, empty (a fresh object per investigation). */
  slots(): Slots;
  /** Makes the calls and fills this source's slots; runs in parallel with the other sources, never sees their slots. */
  gather(kit: GatherKit<Slots>): Promise<void>;
  /** Lower starts its calls first, and is numbered first within each round of calls (src/rca/call-plan.ts); absent is last. */
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
  /** Where its data lies in time, for a source whose data can end before now (replayed files); absent for live ones. */
  span?: SpanProbe;
  /** True when its outputs establish that a sha is a commit (a model's suspect must be one of them; a log line
   * that mentions a sha establishes nothing). */
  commits?: boolean;
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
