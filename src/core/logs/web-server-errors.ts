// nginx and Apache httpd error logs: `2026/03/01 10:00:00 [error] 1234#1234: *5 connect() failed ...` and
// `[Sun Mar 01 10:00:00.123456 2026] [proxy:error] [pid 1234:tid 7] [client 10.0.0.9:5123] AH00957: ...`.
// The program is the service unless the file names one (programOnly); pid, client, upstream and request become fields.
import { levelWord } from './levels.js';
import type { ParsedHead } from './parsed-head.js';

const NGINX = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?([\s\S]*)$/;
// nginx appends its context: `, client: 10.0.0.1, server: shop, request: "GET / HTTP/1.1", upstream: "http://..."`.
const NGINX_CONTEXT = /, (client|server|request|upstream|host|referrer): ("(?:[^"\\]|\\.)*"|[^,]*)/g;

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const APACHE =
  /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?(\w+)\] (?:\[pid (\d+)(?::tid \d+)?\] )?(?:\[client ([^\]]+)\] )?([\s\S]*)$/;

function level(word: string): ParsedHead['level'] {
  // Apache's trace1..trace8 are trace.
  return levelWord(word.replace(/^trace\d$/, 'trace')) ?? 'unknown';
}

export function parseNginxError(line: string): ParsedHead | null {
  if (line.charCodeAt(4) !== 47 || line.charCodeAt(7) !== 47) return null;
  const m = NGINX.exec(line);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(time)) return null;
  const fields: Record<string, string> = { pid: m[8]! };
  if (m[10]) fields.connection = m[10];
  for (const c of m[11]!.matchAll(NGINX_CONTEXT)) fields[c[1]!] = c[2]!.replace(/^"|"$/g, '');
  return { time, level: level(m[7]!), service: 'nginx', message: m[11]!, fields, dialect: 'nginx-error', programOnly: true };
}

export function parseApacheError(line: string): ParsedHead | null {
  if (line.charCodeAt(0) !== 91 || line.charCodeAt(4) !== 32) return null;
  const m = APACHE.exec(line);
  if (!m) return null;
  const month = MONTHS[m[1]!];
  if (month === undefined) return null;
  const ms = m[6] ? Number(m[6].slice(0, 3).padEnd(3, '0')) : 0;
  const time = Date.UTC(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) + ms;
  const fields: Record<string, string> = {};
  if (m[8]) fields.module = m[8];
  if (m[10]) fields.pid = m[10];
  if (m[11]) fields.client = m[11];
  return { time, level: level(m[9]!), service: 'apache', message: m[12]!, fields, dialect: 'apache-error', programOnly: true };
}

/** An nginx or Apache error-log line, or null (two cheap character checks keep other formats fast). */
export function parseWebServerError(line: string): ParsedHead | null {
  return parseNginxError(line) ?? parseApacheError(line);
}
