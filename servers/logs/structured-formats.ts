// Parsers for structured lines: JSON objects (one per line) and logfmt key=value pairs.
// Field names follow the common conventions (time/timestamp/ts/@timestamp, level/severity, msg/message, service).
import { normalizeLevel, inferLevel } from './levels.js';
import type { ParsedHead } from './text-formats.js';
import { parseAnyTime } from './timestamps.js';

const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 't', 'datetime', 'date'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'loglevel', 'levelname', 'severity_text'];
const MSG_KEYS = ['message', 'msg', '@message', 'text', 'log', 'event'];
const SERVICE_KEYS = ['service', 'service.name', 'svc', 'app', 'application', 'component', 'logger', 'logger_name', 'name'];

function pick(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  // Nested ECS style: {"log": {"level": "error"}}, {"service": {"name": "x"}}.
  for (const k of keys) {
    const dot = k.indexOf('.');
    if (dot < 0) continue;
    const outer = obj[k.slice(0, dot)];
    if (outer && typeof outer === 'object') {
      const v = (outer as Record<string, unknown>)[k.slice(dot + 1)];
      if (v !== undefined && v !== null && v !== '') return v;
    }
  }
  return undefined;
}

function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v && 'name' in v && typeof (v as { name: unknown }).name === 'string') return (v as { name: string }).name;
  return JSON.stringify(v);
}

function fromRecord(obj: Record<string, unknown>, fallbackMessage: string): ParsedHead {
  const rawMsg = pick(obj, MSG_KEYS);
  const message = typeof rawMsg === 'string' ? rawMsg : rawMsg === undefined ? fallbackMessage : JSON.stringify(rawMsg);
  let level = normalizeLevel(pick(obj, LEVEL_KEYS));
  if (level === 'unknown') level = inferLevel(message);
  const err = obj.error ?? obj.err ?? obj.exception ?? obj.stack_trace ?? obj.stack;
  const withErr = err && typeof err !== 'object' && !message.includes(String(err)) ? `${message} ${String(err)}` : message;
  return { time: parseAnyTime(pick(obj, TIME_KEYS)), level, service: asText(pick(obj, SERVICE_KEYS)), message: withErr };
}

export function parseJsonLine(line: string): ParsedHead | null {
  const start = line.charCodeAt(0) === 123 ? 0 : line.indexOf('{');
  if (start !== 0 && !(start > 0 && start < 4 && line.slice(0, start).trim() === '')) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  return fromRecord(obj as Record<string, unknown>, line);
}

const PAIR = /([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s]*)/g;

export function parseLogfmt(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64)) return null;
  const obj: Record<string, unknown> = {};
  let pairs = 0;
  let firstAt = -1;
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(line); m; m = PAIR.exec(line)) {
    if (firstAt < 0) firstAt = m.index;
    const raw = m[2]!;
    obj[m[1]!] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    pairs++;
  }
  if (pairs < 2 || firstAt !== 0) return null;
  return fromRecord(obj, line);
}
