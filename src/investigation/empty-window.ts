// Whether the investigated window holds any data at all: an empty window is exit 3 with a hint, not a
// report that rests on nothing. Reads the windowed tool outputs the offline engine collected.
import { BUILTIN_SOURCES } from '../core/sources.js';
import { jsonOrNull, NAME_SEPARATOR, type ToolCallOutcome } from '../core/tools.js';

/** Per windowed tool (`<server>__<tool>`), how many data points an answer holds: each source's `offline.windowed`. */
const COUNTS = new Map<string, (j: unknown) => number | undefined>(
  BUILTIN_SOURCES.flatMap((s) => Object.entries(s.offline.windowed ?? {}).map(([tool, count]) => [`${s.server}${NAME_SEPARATOR}${tool}`, count] as const)),
);

/**
 * True when the windowed sources (logs, metrics, container events) answered and hold nothing in the window.
 * Metrics tools answer an empty range with an error ("no ... series ... between A and B"); any other failed
 * call is unknown, not empty. Git history alone is never "no data".
 */
export function windowIsEmpty(outputs: readonly ToolCallOutcome[]): boolean {
  const windowed = outputs.filter((o) => COUNTS.has(o.tool));
  if (windowed.length === 0) return false;
  return windowed.every((o) => {
    if (!o.ok) return /\bno\b[^.;]*\bbetween\b/i.test(o.text);
    const j = jsonOrNull(o.text);
    return (COUNTS.get(o.tool)!(j) ?? (hasItems(j) ? 1 : 0)) === 0;
  });
}

/** Whether a tool's JSON holds any non-empty array (a shape the parsers did not recognise). */
function hasItems(j: unknown): boolean {
  if (Array.isArray(j)) return j.length > 0;
  return typeof j === 'object' && j !== null && Object.values(j).some(hasItems);
}
