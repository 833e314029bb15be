// Whether the investigated window holds any data at all: an empty window is exit 3 with a hint, not a
// report that rests on nothing. Reads the windowed tool outputs the offline engine collected.
import { jsonOrNull, type ToolCallOutcome } from '../core/tools.js';
import { parseContainerEvents } from '../core/contracts/docker.js';
import { parseLogStats } from '../core/contracts/logs.js';
import { parseErrorRates, parseMatrix } from '../core/contracts/metrics.js';

const COUNTS: Record<string, (j: unknown) => number | undefined> = {
  logs__log_stats: (j) => parseLogStats(j)?.reduce((a, b) => a + b.total, 0),
  metrics__get_error_rates: (j) => parseErrorRates(j)?.reduce((a, s) => a + s.points.length, 0),
  metrics__query_range: (j) => parseMatrix(j)?.reduce((a, s) => a + s.points.length, 0),
  docker__get_events: (j) => parseContainerEvents(j)?.length,
};

/**
 * True when the windowed sources (logs, metrics, container events) answered and hold nothing in the window.
 * Metrics tools answer an empty range with an error ("no ... series ... between A and B"); any other failed
 * call is unknown, not empty. Git history alone is never "no data".
 */
export function windowIsEmpty(outputs: readonly ToolCallOutcome[]): boolean {
  const windowed = outputs.filter((o) => o.tool in COUNTS);
  if (windowed.length === 0) return false;
  return windowed.every((o) => {
    if (!o.ok) return /\bno\b[^.;]*\bbetween\b/i.test(o.text);
    const j = jsonOrNull(o.text);
    return (COUNTS[o.tool]!(j) ?? (hasItems(j) ? 1 : 0)) === 0;
  });
}

/** Whether a tool's JSON holds any non-empty array (a shape the parsers did not recognise). */
function hasItems(j: unknown): boolean {
  if (Array.isArray(j)) return j.length > 0;
  return typeof j === 'object' && j !== null && Object.values(j).some(hasItems);
}
