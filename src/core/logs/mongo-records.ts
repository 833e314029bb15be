// MongoDB's structured log (4.4+): `{"t":{"$date":...},"s":"E","c":"STORAGE","ctx":"conn13","msg":...,"attr":{...}}`.
// Its time is Extended JSON and its severity a letter, so the generic key lists read neither; the detail is in attr,
// and a slow query is worded by its statement's shape.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { parseAnyTime } from './timestamps.js';
import { clientFields } from './db-client.js';
import { LEVEL_RANK } from './levels.js';

const SEVERITY: Record<string, LogLevel> = { F: 'fatal', E: 'error', W: 'warn', I: 'info', D: 'debug' };
// attr keys that carry what went wrong; the rest (durations, namespaces, plans) vary per line and stay in fields.
const DETAIL_KEYS = ['error', 'errmsg', 'message', 'reason', 'status', 'exception'];

/** Extended JSON's `{"$date": "<ISO>"}`, `{"$date": <ms>}` or `{"$date": {"$numberLong": "<ms>"}}`. */
function extendedDate(v: unknown): number | null {
  if (!v || typeof v !== 'object') return null;
  const d = (v as { $date?: unknown }).$date;
  if (d && typeof d === 'object') {
    const n = (d as { $numberLong?: unknown }).$numberLong;
    return typeof n === 'string' && /^-?\d{1,16}$/.test(n) ? Number(n) : null;
  }
  return typeof d === 'string' || typeof d === 'number' ? parseAnyTime(d) : null;
}

function detailText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    // `{"code":11000,"codeName":"DuplicateKey","errmsg":"E11000 duplicate key ..."}`
    const o = v as Record<string, unknown>;
    const text = o.errmsg ?? o.message ?? o.reason;
    if (typeof text === 'string') return typeof o.codeName === 'string' ? `${o.codeName}: ${text}` : text;
  }
  return null;
}

/** The head of a MongoDB record, or null when `obj` is not one (no `t.$date` with a one-letter `s` and a `msg`). */
export function mongoRecord(obj: Record<string, unknown>): ParsedHead | null {
  const s = obj.s;
  if (typeof s !== 'string' || typeof obj.msg !== 'string' || s.length === 0 || s.length > 2) return null;
  const level = SEVERITY[s[0]!];
  const time = extendedDate(obj.t);
  if (level === undefined || time === null) return null;
  let message = obj.msg;
  const attr = obj.attr;
  if (attr && typeof attr === 'object') {
    for (const k of DETAIL_KEYS) {
      const d = detailText((attr as Record<string, unknown>)[k]);
      if (d && !message.includes(d)) message = `${message}: ${d}`;
    }
  }
  // `c` is a component of the server (NETWORK, STORAGE), a logger and not a service: the file or pod names the
  // service; `ctx` the thread or connection.
  const fields: Record<string, unknown> = { ...obj, ...(typeof obj.c === 'string' ? { logger: obj.c } : {}), ...(typeof obj.ctx === 'string' ? { thread: obj.ctx } : {}) };
  const slow = obj.msg === 'Slow query' && attr && typeof attr === 'object' ? slowQuery(attr as Record<string, unknown>) : null;
  if (slow) return { time, level: slow.ms >= SLOW_MS && LEVEL_RANK[level] < LEVEL_RANK.warn ? 'warn' : level, service: null, message: slow.message, fields: { ...fields, ...slow.client }, dialect: 'mongodb' };
  return { time, level, service: null, message, fields, dialect: 'mongodb' };
}

/** mongod logs every operation past slowms (100 ms by default); one of a second or more is a slow statement. */
const SLOW_MS = 1000;

/**
 * A "Slow query" worded by its shape, so one statement's entries mine into one signature whatever its values and
 * duration: `Slow query: find shop.orders filter {customerId} plan COLLSCAN`. Its client (appName, else the remote
 * address) goes into the fields every database reader gives a client (db-client.ts).
 */
function slowQuery(attr: Record<string, unknown>): { ms: number; message: string; client: Record<string, string> } | null {
  const ms = typeof attr.durationMillis === 'number' ? attr.durationMillis : NaN;
  if (!Number.isFinite(ms)) return null;
  const ns = typeof attr.ns === 'string' ? attr.ns : '';
  const command = attr.command && typeof attr.command === 'object' ? (attr.command as Record<string, unknown>) : {};
  // The command's name is its first key (`find`, `aggregate`...); an update's or delete's statement (`{q, u}`) and an
  // operation without a command are named by the operation's `type`.
  const first = Object.keys(command)[0];
  const name = first !== undefined && command.q === undefined ? first : typeof attr.type === 'string' ? attr.type : 'command';
  const keys = filterKeys(command);
  const plan = typeof attr.planSummary === 'string' ? attr.planSummary : null;
  // A failed one says how (`MaxTimeMSExpired`): its name is as fixed as the shape, its text may carry values.
  const failed = typeof attr.errName === 'string' ? attr.errName : typeof attr.errMsg === 'string' ? attr.errMsg : null;
  const message = `Slow query: ${name}${ns ? ` ${ns}` : ''}${keys ? ` filter {${keys}}` : ''}${plan ? ` plan ${plan}` : ''}${failed ? ` failed: ${failed}` : ''}`;
  const remote = typeof attr.remote === 'string' ? attr.remote.replace(/:\d+$/, '') : undefined;
  const dot = ns.indexOf('.');
  const client = clientFields({ app: typeof attr.appName === 'string' && attr.appName ? attr.appName : undefined, host: remote, db: dot > 0 ? ns.slice(0, dot) : undefined });
  return { ms, message, client };
}

/** The fields a command filters on (find's filter, update's and delete's q, an aggregation's first $match), not their values. */
function filterKeys(command: Record<string, unknown>): string {
  const pipeline = command.pipeline;
  const match = Array.isArray(pipeline) && pipeline[0] && typeof pipeline[0] === 'object' ? (pipeline[0] as Record<string, unknown>).$match : undefined;
  const filter = command.filter ?? command.q ?? command.query ?? match;
  return filter && typeof filter === 'object' && !Array.isArray(filter) ? Object.keys(filter).join(', ') : '';
}
