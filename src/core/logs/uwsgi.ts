// uWSGI's own log: its default request line (`[pid: 12|app: 0|req: 4/87] 10.0.0.1 () {38 vars in 612 bytes} [Tue Dec
// 1 10:12:03 2026] GET /x => generated 0 bytes in 30012 msecs (HTTP/1.1 502) ...`), read as an access line, and its harakiri notices.
import type { ParsedHead } from './parsed-head.js';
import { levelFromStatus } from './levels.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const REQUEST =
  /^\[pid: (\d+)\|app: (-?\d+)\|req: (\d+)\/(\d+)\] (\S+) \(([^)]*)\) \{(\d+) vars in (\d+) bytes\} \[[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})\] (\S+) (\S+) => generated (\d+) bytes in (\d+) (msecs|micros) \((\S+) (\d{3})\)/;
// After uWSGI's ctime stamp and ` - `: a worker killed past its harakiri timeout, the request it was serving, the kill.
const HARAKIRI_REQUEST = /^HARAKIRI \[core \d+\] (\S+) - ([A-Z]+) (\S+) since (\d+)/;

/**
 * A request line: the status is its level (5xx error, 4xx warn), the request its message as an access log's is, the
 * time uWSGI's ctime (local time, no zone written: read as UTC), the duration and the worker in fields.
 */
export function parseUwsgiRequest(line: string): ParsedHead | null {
  if (!line.startsWith('[pid: ')) return null;
  const m = REQUEST.exec(line);
  const month = m ? MONTHS[m[9]!] : undefined;
  if (!m || month === undefined) return null;
  const time = Date.UTC(Number(m[14]), month, Number(m[10]), Number(m[11]), Number(m[12]), Number(m[13]));
  if (Number.isNaN(time)) return null;
  const status = Number(m[21]);
  const ms = m[19] === 'micros' ? Number(m[18]) / 1000 : Number(m[18]);
  const fields = { pid: Number(m[1]), client: m[5]!, method: m[15]!, path: m[16]!, status, bytes: Number(m[17]), duration_ms: ms };
  return { time, level: levelFromStatus(status) ?? 'info', service: null, message: `"${m[15]} ${m[16]} ${m[20]}" ${status}`, fields, dialect: 'uwsgi' };
}

/**
 * What follows uWSGI's `<ctime> - ` on its notices, when it is a harakiri: the master killing a worker stuck past
 * the timeout is an error, and the line naming the request it was serving carries that request. Null otherwise.
 */
export function uwsgiNotice(text: string): Omit<ParsedHead, 'time'> | null {
  const body = text.startsWith('- ') ? text.slice(2) : text;
  if (!body.includes('HARAKIRI')) return null;
  const r = HARAKIRI_REQUEST.exec(body);
  const fields = r ? { client: r[1]!, method: r[2]!, path: r[3]! } : undefined;
  return { level: 'error', service: null, message: body, ...(fields ? { fields } : {}), dialect: 'uwsgi' };
}
