// librdkafka's own log lines (`%4|1700000000.123|MAXPOLL|rdkafka#consumer-1| [thrd:main]: ...`), which every client
// built on it (confluent-kafka for Python, Go, .NET; node-rdkafka) writes to stderr between the app's own lines.
import { SYSLOG_LEVELS } from './levels.js';
import type { ParsedHead } from './parsed-head.js';

// librdkafka's default logger (its severities are syslog's): `%<syslog severity>|<epoch seconds>.<ms>|<facility>|<client instance>| <message>`.
const LINE = /^%([0-7])\|(\d{9,11})\.(\d{3})\|([A-Z][A-Z0-9_]{1,31})\|([^|\s]{1,120})\| ?(?:\[thrd:([^\]]{1,120})\]: ?)?([\s\S]*)$/;

/**
 * The entry a librdkafka line starts, or null. It names no service (the client instance `rdkafka#consumer-1` is
 * the library's handle, not the program): the file's or the stream's. Its stamp is epoch seconds, whatever the
 * app's lines around it use, so it dates the entry instead of continuing the line before (a MAXPOLL that leaves the
 * consumer group is the first sign of a rebalance storm).
 */
export function parseLibrdkafka(line: string): ParsedHead | null {
  if (line.charCodeAt(0) !== 37) return null; // `%`
  const m = LINE.exec(line);
  if (!m) return null;
  const fields: Record<string, unknown> = { facility: m[4]!, client: m[5]! };
  if (m[6] !== undefined) fields.thread = m[6];
  return { time: Number(m[2]) * 1000 + Number(m[3]), level: SYSLOG_LEVELS[Number(m[1])]!, service: null, message: m[7]!, fields, dialect: 'librdkafka' };
}
