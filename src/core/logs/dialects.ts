// Which program's layout a file is in (list_sources' `dialect`: `nestjs`, `postgresql`, `uwsgi`...): the one the
// parsers name for most of its first entries, where one does. The format says how lines are split; this, who wrote them.
import type { LineParser } from './parsed-head.js';

const SAMPLE = 200;

/** The dialect of at least half the entries among the first lines, or null. */
export function dialectOf(lines: string[], parse: LineParser): string | null {
  const counts = new Map<string, number>();
  let entries = 0;
  for (const raw of lines.slice(0, SAMPLE * 3)) {
    const line = raw.replace(/\r$/, '');
    if (line.length === 0) continue;
    const head = parse(line);
    if (!head) continue;
    if (head.dialect !== undefined) counts.set(head.dialect, (counts.get(head.dialect) ?? 0) + 1);
    if (++entries >= SAMPLE) break;
  }
  let best: string | null = null;
  let most = 0;
  for (const [name, n] of counts) {
    if (n > most) [best, most] = [name, n];
  }
  return best !== null && most * 2 >= entries ? best : null;
}
