// Which read-only tools to put in front of the model: the ones that can test the hypotheses at hand (the
// tool list is most of a request), every tool of an extra server the person configured, or all on request.
import { CATEGORIES, type Category } from '../core/report.js';
import { BUILTIN_SERVERS, BUILTIN_SOURCES } from '../core/sources.js';
import { NAME_SEPARATOR, type ToolSpec } from '../core/tools.js';

/** The built-in servers, whose tools are picked per hypothesis; other servers' tools are always offered. */
const BUILT_IN = new Set<string>(BUILTIN_SERVERS);

const named = (server: string, tools: readonly string[] = []) => tools.map((t) => `${server}${NAME_SEPARATOR}${t}`);

/** Tools that help with any incident (each source's `modelTools.always`). */
const ALWAYS = BUILTIN_SOURCES.flatMap((s) => named(s.server, s.modelTools.always));

/** Per category of hypothesis: the tools that confirm or refute it (each source's `modelTools.byCategory`). */
const BY_CATEGORY = new Map<string, string[]>(
  CATEGORIES.map((c) => [c, BUILTIN_SOURCES.flatMap((s) => named(s.server, (s.modelTools.byCategory as Partial<Record<Category, string[]>>)[c]))]),
);

export type ToolChoice = 'relevant' | 'all';

/** The specs to offer (a subset of `specs`, in their order) for hypotheses of these categories. */
export function relevantTools(specs: ToolSpec[], categories: string[], choice: ToolChoice = 'relevant'): ToolSpec[] {
  if (choice === 'all') return specs;
  const wanted = new Set([...ALWAYS, ...(categories.length ? categories : ['unknown']).flatMap((c) => BY_CATEGORY.get(c) ?? BY_CATEGORY.get('unknown')!)]);
  const picked = specs.filter((s) => wanted.has(s.name) || !BUILT_IN.has(s.server));
  // Names nobody recognises (renamed built-ins): better the whole list than a model with nothing to call.
  return picked.length ? picked : specs;
}
