// MongoDB's structured log (4.4+): `{"t":{"$date":...},"s":"E","c":"STORAGE","ctx":"conn13","msg":...,"attr":{...}}`.
// Its time is Extended JSON and its severity a letter, so the generic key lists read neither; the detail is in attr.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { parseAnyTime } from './timestamps.js';

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
  // `c` is a component of the server (NETWORK, STORAGE), not a service: the file or pod names the service.
  return { time, level, service: null, message, fields: obj };
}
