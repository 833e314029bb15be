// Where the sources' data lies in time before the engine runs, read through each source's span probe (the
// registry's `span`): --at's default, the configuration checks (exit 2) and the hint of an empty window (exit 3).
import { UsageError } from '../core/errors.js';
import { BUILTIN_SOURCES, type AnySource } from '../core/sources.js';
import type { DataSpan, SourceProblem } from '../core/sources/source.js';
import { jsonOrNull, NAME_SEPARATOR, type ToolCaller } from '../core/tools.js';

type Reading = { span: DataSpan | null; problem: SourceProblem | null } | null;

export interface DataSpans {
  /** Reads the probes that check the configuration; a mistake they show is a UsageError (exit 2). Its calls
   * start before this returns its promise, so calls made after it are numbered after them. */
  check(): Promise<void>;
  /** --at by default: now, or the end of the data when every source ends before now (replaying old files). */
  defaultAt(now: number): Promise<string>;
  /** What to say when the window is empty: where the data actually lies. */
  noDataHint(): Promise<string>;
}

/**
 * The span probes of the sources in `list` whose server offers the probe's tool. Each probe is called at most
 * once, and probes start in registry order, so the hub's call ids (c1, c2, ...) do not depend on timing.
 */
export function dataSpans(caller: ToolCaller, list: readonly AnySource[] = BUILTIN_SOURCES): DataSpans {
  const offered = new Set(caller.listTools().map((t) => t.name));
  const probed = list.flatMap((entry) => {
    const probe = entry.span;
    const name = probe ? `${entry.server}${NAME_SEPARATOR}${probe.tool}` : '';
    return probe && offered.has(name) ? [{ entry, probe, name }] : [];
  });
  const readings = new Map<string, Promise<Reading>>();
  const read = (only: (p: (typeof probed)[number]) => boolean) =>
    Promise.all(
      probed.filter(only).map(async (p) => {
        let reading = readings.get(p.entry.server);
        if (!reading) {
          reading = caller.call(p.name, p.probe.args).then((out) => (out.ok ? p.probe.read(jsonOrNull(out.text)) : null));
          readings.set(p.entry.server, reading);
        }
        return { entry: p.entry, reading: await reading };
      }),
    );
  return {
    async check() {
      for (const { reading } of await read((p) => p.probe.checks)) {
        if (reading?.problem) throw new UsageError(reading.problem.message, reading.problem.hint);
      }
    },
    async defaultAt(now) {
      const ends = (await read(() => true)).flatMap(({ reading }) => (reading?.span ? [reading.span.to] : []));
      const end = ends.length ? Math.max(...ends) : now;
      // A second past the last entry, so the last entry itself is inside the window.
      return new Date(Math.min(now, end + 1000)).toISOString();
    },
    async noDataHint() {
      const iso = (t: number) => new Date(t).toISOString();
      const parts = (await read(() => true)).flatMap(({ entry, reading }) => {
        const s = reading?.span;
        if (!s) return [];
        return [s.from === null ? `${entry.label} end at ${iso(s.to)}` : `${entry.label} cover ${iso(s.from)} .. ${iso(s.to)}`];
      });
      return `${parts.length ? `${parts.join('; ')}: ` : ''}pass an --at inside the data or a wider --window`;
    },
  };
}
