// PostgreSQL's stderr log after its `%m` time (`[4242] analytics@shop app=revenue-rollup LOG:  msg`) and its jsonlog
// records: the level, and the session's client (log_line_prefix's %u, %d, %a, %h) as fields, never as a service.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { clientFields } from './db-client.js';
import { parseAnyTime } from './timestamps.js';

type Rest = Omit<ParsedHead, 'time'>;

// `[%p] ` (Debian's `%m [%p] %q%u@%d `, with `[%l-1]` too in pgBadger's), then whatever else the prefix carries in
// words (`user@db`, `app=%a`, `user=%u,db=%d,client=%h`), then the severity, a colon and two spaces.
const LEVEL_WORDS = 'DEBUG[1-5]|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION';
const STDERR = new RegExp(`^\\[(\\d{1,10})\\](?:\\s*\\[\\d+-\\d+\\])?:?\\s+((?:[^\\s:]{1,200}:?\\s+){0,6}?)(${LEVEL_WORDS}):\\s+([\\s\\S]*)$`);
// LOG is PostgreSQL's routine level; DETAIL, HINT and the like annotate the entry before them.
const LEVELS: Record<string, LogLevel> = { LOG: 'info', INFO: 'info', NOTICE: 'notice', WARNING: 'warn', ERROR: 'error', FATAL: 'fatal', PANIC: 'fatal' };
/** A statement's duration line: `duration: 2345.678 ms  statement: ...` (or `execute <name>: ...`). */
const DURATION = /^duration: (\d+(?:\.\d+)?) ms\s/;
// Prefix words that say who: `user@db`, and `key=value` pairs (several may share a word, comma-separated).
const USER_AT_DB = /^([^\s@=,]{1,120})@([^\s@=,]{1,120})$/;
const PAIR = /([a-z_]{1,20})=([^\s,]{1,200})/gi;
const PAIR_KEYS: Record<string, 'user' | 'db' | 'app' | 'host'> = {
  user: 'user', usr: 'user', db: 'db', database: 'db', dbname: 'db', app: 'app', application: 'app', application_name: 'app', appname: 'app',
  client: 'host', host: 'host', remote: 'host', client_addr: 'host',
};

function level(word: string): LogLevel {
  return LEVELS[word] ?? (word.startsWith('DEBUG') ? 'debug' : 'info');
}

/** log_min_duration_statement writes slow statements at LOG: one that took a second or more is a slow query (warn). */
function slowOrNot(lv: LogLevel, message: string): LogLevel {
  return lv === 'info' && Number(DURATION.exec(message)?.[1] ?? 0) >= 1000 ? 'warn' : lv;
}

/** `[unknown]` is what %u, %d and %a print before the startup packet names them. */
const known = (v: string | undefined): string | undefined => (v && v !== '[unknown]' && v !== 'unknown' && v !== '[local]' ? v : undefined);

/** The client the prefix's words name. */
function prefixClient(words: string): Record<string, unknown> {
  const who: { user?: string; db?: string; app?: string; host?: string } = {};
  for (const raw of words.split(/\s+/)) {
    const word = raw.replace(/:$/, '');
    if (!word) continue;
    const at = word.indexOf('=') < 0 ? USER_AT_DB.exec(word) : null;
    if (at) {
      who.user ??= known(at[1]);
      who.db ??= known(at[2]);
      continue;
    }
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(word); m; m = PAIR.exec(word)) {
      const key = PAIR_KEYS[m[1]!.toLowerCase()];
      // %r is `host(port)`: the host alone names the client.
      if (key) who[key] ??= known(key === 'host' ? m[2]!.replace(/\(\d+\)$/, '') : m[2]);
    }
  }
  return clientFields(who);
}

/**
 * What follows PostgreSQL's `%m` (its zone word already dropped) when the prefix goes on with `[%p]`, or null. The
 * message is PostgreSQL's own; pid and client are fields.
 */
export function postgresRest(rest: string): Rest | null {
  const m = STDERR.exec(rest);
  if (!m) return null;
  const message = m[4]!;
  const fields: Record<string, unknown> = { pid: Number(m[1]), ...(m[2] ? prefixClient(m[2]) : {}) };
  return { level: slowOrNot(level(m[3]!), message), service: null, message, fields, dialect: 'postgresql' };
}

// Amazon RDS and Aurora's fixed prefix `%t:%r:%u@%d:[%p]:`, after the zone word's colon: the client's host(port) or
// `[local]` (empty before the startup packet, IPv6 hosts carry colons), `user@db`, the pid, then the severity.
const RDS = new RegExp(`^:(\\[local\\]|[0-9A-Fa-f:.]{2,60}\\(\\d{1,5}\\)|[^:\\s]{0,253}):([^\\s@:]{0,120})@([^\\s:]{0,120}):\\[(\\d{1,10})\\]:(${LEVEL_WORDS}):\\s+([\\s\\S]*)$`);

/** What follows the zone word of RDS's `%t` when the prefix is RDS's own (`:host(port):user@db:[pid]:LEVEL:  msg`). */
export function rdsPostgresRest(rest: string): Rest | null {
  const m = RDS.exec(rest);
  if (!m) return null;
  const message = m[6]!;
  const client = clientFields({ host: known(m[1]!.replace(/\(\d+\)$/, '')), user: known(m[2]), db: known(m[3]) });
  return { level: slowOrNot(level(m[5]!), message), service: null, message, fields: { pid: Number(m[4]), ...client }, dialect: 'postgresql' };
}

/**
 * A jsonlog record (PostgreSQL 15+, `log_destination = jsonlog`): `error_severity` is the level, `message` the
 * message with its `detail` and the failing `statement` on the lines below, as stderr writes them; user, dbname,
 * application_name and remote_host are the client. Null for any other record.
 */
export function postgresRecord(obj: Record<string, unknown>): ParsedHead | null {
  const severity = obj.error_severity;
  const text = obj.message;
  if (typeof severity !== 'string' || typeof text !== 'string' || !(severity in LEVELS || severity.startsWith('DEBUG'))) return null;
  let message = text;
  if (typeof obj.detail === 'string') message += `\nDETAIL:  ${obj.detail}`;
  if (typeof obj.hint === 'string') message += `\nHINT:  ${obj.hint}`;
  if (typeof obj.statement === 'string' && severity !== 'LOG') message += `\nSTATEMENT:  ${obj.statement}`;
  const str = (v: unknown) => (typeof v === 'string' ? known(v) : undefined);
  const client = clientFields({ user: str(obj.user), db: str(obj.dbname), app: str(obj.application_name), host: str(obj.remote_host) });
  return { time: parseAnyTime(obj.timestamp), level: slowOrNot(level(severity), text), service: null, message, fields: { ...obj, ...client }, dialect: 'postgresql-jsonlog' };
}
