// ClickHouse's server log (clickhouse-server.log, `docker logs`): `2026.12.06 09:40:00.163141 [ 702 ] {query-id}
// <Information> db.table (uuid): Added mutation: mutation_1.txt`. Its dotted date fits no other shape.
import { levelWord } from './levels.js';
import type { ParsedHead } from './parsed-head.js';

// Date with dots, microseconds, `[ thread ]`, `{query id}` (empty for background work), `<Level>`, then `Logger: message`.
const CLICKHOUSE = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? \[ ?\d{1,10} ?\] \{([\w-]{0,100})\} <([A-Za-z]{4,11})> ([\s\S]*)$/;
// The logger ends at the first `: ` (`db.table (5e0f…) (MutateFromLogEntryTask): …`, `executeQuery: …`).
const LOGGER = /^([^:]{1,200}?): ([\s\S]*)$/;

/** A ClickHouse server log line, or null. The file (or container) names the service; the logger is kept as a field. */
export function parseClickhouse(line: string): ParsedHead | null {
  const m = CLICKHOUSE.exec(line);
  if (!m) return null;
  // `<Test>` is ClickHouse's level below Trace.
  const level = m[9] === 'Test' ? 'trace' : levelWord(m[9]!);
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (level === null || Number.isNaN(time)) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const rest = m[10]!;
  const lg = LOGGER.exec(rest);
  const fields: Record<string, unknown> = {};
  if (lg) fields.logger = lg[1]!;
  if (m[8]) fields.query_id = m[8];
  return { time: time + ms, level, service: null, message: lg ? lg[2]! : rest, fields, dialect: 'clickhouse' };
}
