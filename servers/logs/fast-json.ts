// Classifies JSON log lines (time, level, service) by walking their top-level keys without JSON.parse: the keys
// are learned from the file's first lines by the full parser, and a line the shortcut cannot vouch for is parsed.
import type { LogLevel } from '../../src/core/evidence.js';
import { levelWord, normalizeLevel } from '../../src/core/logs/levels.js';
import { deploymentOfPodName } from '../../src/core/logs/kubernetes.js';
import { HOST_KEYS, jsonMessage, LEVEL_KEYS, LOGGER_KEYS, parseJsonLine, POD_KEYS, SERVICE_KEYS, TIME_KEYS } from '../../src/core/logs/structured-formats.js';
import type { ParsedHead } from '../../src/core/logs/parsed-head.js';
import { isoMs, parseAnyTime } from '../../src/core/logs/timestamps.js';
import { JsonBytes } from './json-bytes.js';

/** A classified line: the full parse is deferred to `raw` until a consumer keeps the entry. */
export interface LazyHead extends ParsedHead {
  raw: string;
}

const LEARN_LINES = 8;
/** One line in this many is also fully parsed; a disagreement turns the shortcut off for the file. */
const AUDIT_EVERY = 512;

// Keys that could name a service (first segments of dotted ones): where the learned layout has none, a line
// carrying one of them needs the full parse.
const SERVICE_KEY_SET = new Set([...SERVICE_KEYS, ...LOGGER_KEYS, ...POD_KEYS].map((k) => k.split('.')[0]!));
// A host's name names a service only when it is a pod's (structured-formats.ts): such a line needs the full parse.
const HOST_KEY_SET = new Set(HOST_KEYS.map((k) => k.split('.')[0]!));

/** Index just past the string that opens at `p` (a quote), or -1. */
function stringEnd(line: string, p: number): number {
  let q = line.indexOf('"', p + 1);
  while (q > 0) {
    let b = 0;
    while (line.charCodeAt(q - 1 - b) === 92) b++;
    if (b % 2 === 0) return q + 1;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** Index just past the nested object or array that opens at `p`, or -1. */
function nestedEnd(line: string, p: number): number {
  let depth = 0;
  for (let i = p; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(line, i) - 1;
      if (i < 0) return -1;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}

function skipBlanks(line: string, p: number): number {
  while (line.charCodeAt(p) === 32 || line.charCodeAt(p) === 9) p++;
  return p;
}

export type RawValue = string | number;

/**
 * Walks the top-level keys of a one-line JSON object and returns the values of `wanted` (plain strings without
 * escapes, or numbers; anything else is null), stopping once all are found unless `seen` asks for every key.
 * Returns null when the line is not the simple object it looks like, so the caller falls back to the full parse.
 */
export function topLevelValues(line: string, wanted: readonly string[], seen?: Set<string>): Array<RawValue | null | undefined> | null {
  const out: Array<RawValue | null | undefined> = wanted.map(() => undefined);
  let found = 0;
  let p = skipBlanks(line, 1);
  if (line.charCodeAt(p) === 125) return out;
  while (p < line.length) {
    if (line.charCodeAt(p) !== 34) return null;
    const ke = stringEnd(line, p);
    if (ke < 0) return null;
    if (seen) seen.add(line.slice(p + 1, ke - 1));
    // Compare in place: slicing every key of every line costs more than the walk itself.
    let k = -1;
    for (let w = 0; w < wanted.length; w++) {
      const name = wanted[w]!;
      if (ke - p - 2 === name.length && line.startsWith(name, p + 1)) {
        k = w;
        break;
      }
    }
    p = skipBlanks(line, ke);
    if (line.charCodeAt(p) !== 58) return null;
    p = skipBlanks(line, p + 1);
    const c = line.charCodeAt(p);
    let value: RawValue | null = null;
    let e: number;
    if (c === 34) {
      e = stringEnd(line, p);
      if (e < 0) return null;
      if (k >= 0) {
        const v = line.slice(p + 1, e - 1);
        value = v.indexOf('\\') >= 0 ? null : v;
      }
    } else if (c === 123 || c === 91) {
      e = nestedEnd(line, p);
      if (e < 0) return null;
    } else {
      e = p;
      for (let d = line.charCodeAt(e); e < line.length && d !== 44 && d !== 125 && d !== 32 && d !== 9; d = line.charCodeAt(++e));
      if (k >= 0) {
        const n = Number(line.slice(p, e));
        value = e > p && Number.isFinite(n) ? n : null;
      }
    }
    if (k >= 0 && out[k] === undefined) {
      out[k] = value;
      if (++found === wanted.length && !seen) return out;
    }
    p = skipBlanks(line, e);
    const sep = line.charCodeAt(p);
    if (sep === 125) return out;
    if (sep !== 44) return null;
    p = skipBlanks(line, p + 1);
  }
  return null;
}

interface Layout {
  time: string;
  level: string;
  service: string | null;
  /** time, level and (when named) service, in the order topLevelValues returns them. */
  keys: string[];
}

type Quick = { time: number; level: LogLevel; service: string | null };

function quick(line: string, layout: Layout): Quick | null {
  const keys = layout.service === null ? new Set<string>() : undefined;
  const v = topLevelValues(line, layout.keys, keys);
  if (v === null) return null;
  const [tv, lv, sv] = v;
  if (tv === undefined || tv === null || lv === undefined || lv === null) return null;
  const time = typeof tv === 'string' ? (isoMs(tv) ?? parseAnyTime(tv)) : parseAnyTime(tv);
  // pino/bunyan numbers (30 = info) as the full parse reads them.
  const level = typeof lv === 'string' ? cachedLevel(lv) : normalizeLevel(lv) === 'unknown' ? null : normalizeLevel(lv);
  if (time === null || level === null) return null;
  if (layout.service !== null) return typeof sv === 'string' && sv !== '' ? { time, level, service: sv } : null;
  for (const k of keys!) {
    if (SERVICE_KEY_SET.has(k)) return null;
    if (HOST_KEY_SET.has(k)) {
      const host = topLevelValues(line, [k])?.[0];
      if (typeof host !== 'string' || deploymentOfPodName(host) !== null) return null;
    }
  }
  return { time, level, service: null };
}

const levels = new Map<string, LogLevel | null>();
function cachedLevel(word: string): LogLevel | null {
  let v = levels.get(word);
  if (v === undefined) {
    v = levelWord(word.trim());
    if (levels.size < 200) levels.set(word, v);
  }
  return v;
}

/** The layout the full parse agrees with on this line: the first key of each list that the line carries. */
function learn(line: string, head: ParsedHead): Layout | null {
  if (head.time === null) return null;
  const seen = new Set<string>();
  if (topLevelValues(line, [], seen) === null) return null;
  const time = TIME_KEYS.find((k) => seen.has(k));
  const level = LEVEL_KEYS.find((k) => seen.has(k));
  const service = head.service === null ? null : (SERVICE_KEYS.find((k) => seen.has(k)) ?? '');
  if (!time || !level || service === '') return null;
  const layout = { time, level, service, keys: service ? [time, level, service] : [time, level] };
  return same(quick(line, layout), head) ? layout : null;
}

function same(q: Quick | null, head: ParsedHead | null): boolean {
  return q !== null && head !== null && q.time === head.time && q.level === head.level && q.service === head.service;
}

/**
 * A per-file classifier: `line` returns a LazyHead (message empty until `materialize`) when the shortcut applies,
 * null when the caller must parse the line itself; `bytes` does the same from the line's bytes where it can
 * (json-bytes.ts), sharing the learned layout and the audit count, so both give the answers of `line` alone.
 */
export class JsonClassifier {
  private layout: Layout | null = null;
  private fast: JsonBytes | null = null;
  private seen = 0;
  private off = false;

  line(line: string): LazyHead | null {
    if (this.off || line.charCodeAt(0) !== 123) return null;
    const seen = ++this.seen;
    if (this.layout === null) {
      if (seen <= LEARN_LINES) {
        const head = parseJsonLine(line);
        if (head) this.layout = learn(line, head);
        if (this.layout?.service) this.fast = new JsonBytes([this.layout.time, this.layout.level, this.layout.service]);
        if (seen === LEARN_LINES && this.layout === null) this.off = true;
      }
      return null;
    }
    const q = quick(line, this.layout);
    if (q === null) return null;
    if (seen % AUDIT_EVERY === 0 && !same(q, parseJsonLine(line))) {
      this.off = true;
      return null;
    }
    return { time: q.time, level: q.level, service: q.service, message: '', raw: line };
  }

  /**
   * The shortcut on `buf[s, e)`: true when it classified the line (time, level, service in `head`); false leaves
   * the line to `line` on its text. Lines `line` would audit are always left to it.
   */
  bytes(buf: Buffer, s: number, e: number): boolean {
    if (this.off || this.fast === null || buf[s] !== 123 || (this.seen + 1) % AUDIT_EVERY === 0) return false;
    if (!this.fast.head(buf, s, e)) return false;
    this.seen++;
    return true;
  }

  /** What the last successful `bytes` read. */
  get head(): JsonBytes {
    return this.fast!;
  }
}

/** The string shortcut alone (tests, and callers without bytes). */
export function jsonClassifier(): (line: string) => LazyHead | null {
  const c = new JsonClassifier();
  return (line) => c.line(line);
}

/** The message and fields of a lazily classified line, as the full parse gives them (its time, level and service are the head's). */
export function materialize(head: LazyHead): ParsedHead {
  const m = jsonMessage(head.raw);
  return m ? { time: head.time, level: head.level, service: head.service, message: m.message, fields: m.fields } : head;
}
