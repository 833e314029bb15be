// Does each configured source answer? One cheap read-only call per built-in server (the logs hold a readable
// file, git a commit, Prometheus or the metrics file its metric names, Docker its containers): a server can
// start and still not reach its data, and `rca servers` must say so with the server's own words.
import { BUILTIN_SOURCES } from '../core/sources.js';
import type { SourceEntry } from '../core/sources/source.js';
import { jsonOrNull, NAME_SEPARATOR, type ToolCaller } from '../core/tools.js';
import { failureMessage } from '../rca/source-gaps.js';

const PROBES = new Map<string, SourceEntry<unknown>['probe']>(BUILTIN_SOURCES.map((s) => [s.server, s.probe]));

export interface SourceCheck {
  server: string;
  /** True when the source answered with data; null when no probe applies (an extra server). */
  answers: boolean | null;
  /** What it said: the failure, or a short account of what it holds. */
  detail: string | null;
}

/** Probes each server that has a known probe tool; the others are reported as not checked. */
export async function checkSources(caller: ToolCaller, servers: readonly string[]): Promise<SourceCheck[]> {
  const tools = new Set(caller.listTools().map((t) => t.name));
  return Promise.all(
    servers.map(async (server): Promise<SourceCheck> => {
      const probe = PROBES.get(server);
      const name = probe ? `${server}${NAME_SEPARATOR}${probe.tool}` : null;
      if (!probe || !name || !tools.has(name)) return { server, answers: null, detail: null };
      const out = await caller.call(name, probe.args);
      if (!out.ok) return { server, answers: false, detail: failureMessage(out.text.replace(/^[a-z_]+: /, '')) };
      return { server, ...(probe.answer ? probe.answer(jsonOrNull(out.text)) : { answers: true, detail: null }) };
    }),
  );
}
