// request_flows' field values: per statement, the values its non-error lines carry in `key=value` and `<count> <noun>`,
// counted per minute (numbers by power of two, verdict words as they are), so a service answering wrong values shows its shift.
import { redact } from '../../src/core/redact.js';
import { atLeast } from '../../src/core/logs/levels.js';
import type { LogEntry } from './entries.js';
import { boundedMemo } from '../../src/core/bounded-memo.js';

const MIN = 60_000;
/** `key=value` (logfmt, go-kit, zerolog's console fields) and `"key":value`, the value bare or quoted. */
export const PAIR = /(?:^|[\s,{])"?([A-Za-z][\w.]{0,39})"?\s*[=:]\s*("[^"\s]{0,32}"|[^\s,;}"]{1,32})(?=[\s,;}]|$)/g;
/** A count before the noun it counts (`5 hotels within 10km`, `3 rows`): the noun names the field. */
const COUNT_NOUN = /(?:^|\s)(-?\d{1,12})\s+([a-z]{3,24})(?=[\s,.;:]|$)/g;
/**
 * The words that are an answer rather than a name: a verdict printed as a boolean (Go's and Java's `true`/`false`,
 * `yes`/`no`) or an absent value (`null`, Go's `nil`, Python's `None`, an empty string). Any other word names what the
 * request was about (a station, a train `Z1234`, a host), which moves with what clients ask for, not with the answer.
 */
const ANSWER_WORDS = new Set(['true', 'false', 'yes', 'no', 'null', 'nil', 'none', '']);
const LONGEST_ANSWER = Math.max(...[...ANSWER_WORDS].map((w) => w.length));
const [QUOTE, MINUS, ZERO, NINE] = ['"', '-', '0', '9'].map((ch) => ch.charCodeAt(0)) as [number, number, number, number];
/**
 * A count is a whole number; a fraction (nginx's `rt=0.125`, a coordinate, a ratio) is a measurement that load and
 * slowness move in every incident, so it is no answer's content.
 */
const COUNT = /^-?\d{1,15}$/;
/**
 * Keys whose values are not an answer's content: the outcome of the call (errors, statuses, levels: the error
 * analyses read those), when and where it was logged, how long it took or how big it was (slowness moves them in
 * every incident), ids (one per request), what was asked (the method or route: the traffic mix moves it) and secrets
 * (never carried to the answer).
 */
const NOT_CONTENT = /(?:^|[._])(?:err|error|errors|exception|status|code|level|lvl|severity|msg|message|ts|time|timestamp|caller|took|duration|elapsed|latency|ms|bytes|size|id|uuid|trace|span|pid|tid|thread|line|port|host|ip|addr|password|passwd|secret|token|key|auth|authorization|method|route|path|url|uri|endpoint|handler|op|operation|action|query|command|cmd|rt|urt|ttfb|len|length)$|_id$|Id$|[._](?:ms|us|ns|sec|secs|seconds)$|(?:size|bytes|duration|length)$/i;
/** Nouns that are units of time or size rather than counted things (`4.5 ms`, `12 bytes`): slowness, not content. */
const UNITS = new Set(['ms', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'hours', 'bytes', 'kib', 'mib', 'gib', 'usec', 'nsec', 'msec', 'millis', 'micros', 'nanos']);
/** A field with more distinct values than this is an id or a free text, not an answer's content. */
const MAX_VALUES = 16;
/** Bounds on memory and on the answer: fields tracked, and fields per statement. */
const MAX_FIELDS = 400;
const MAX_PER_STATEMENT = 12;
/** Fields seen fewer times than this say nothing about a share; fields answered at most. */
const MIN_ENTRIES = 20;
const MAX_ANSWERED = 120;
const MAX_MASKS = 20_000;

export interface FieldValues {
  service: string | null;
  step: string;
  field: string;
  /** The values seen (a word, or `~2^k`: a number of magnitude 2^(k-1) to 2^k), `counts[i]` per statement minute. */
  values: string[];
  counts: number[][];
}

/** A number's bucket: its sign and power of two, so 5 and 7 are one value while 5 and 40 are two. */
export function magnitude(v: number): string {
  const k = v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1;
  return `${v < 0 ? '-' : ''}~2^${k}`;
}

/** Whether a key names content, judged once per key, not per line (the camel-case split and NOT_CONTENT are the cost). */
const isContentKey = boundedMemo(
  // Camel case is read as words (Traefik's `DownstreamStatus` is a status, `OriginContentSize` a size).
  (key) => !NOT_CONTENT.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2')),
  4_096,
);

// Own copies for the exec loops below: matchAll would clone the pattern on every line of a long scan. PAIRS is PAIR
// with its key and value runs atomic (a lookahead captures the run, a backreference consumes it): a shorter run can
// never be followed by what PAIR needs next, so the matches are the same, without the backtracking a long line costs.
export const PAIRS = /(?:^|[\s,{])"?(?=([A-Za-z][\w.]{0,39}))\1"?\s*[=:]\s*(?=("[^"\s]{0,32}"|[^\s,;}"]{1,32}))\2(?=[\s,;}]|$)/g;
const COUNTS = new RegExp(COUNT_NOUN.source, 'g');

/** The content fields of one message: [field, value] with numbers bucketed; ids, units, outcomes and secrets left out. */
export function contentFields(message: string): Array<[string, string]> {
  const nl = message.indexOf('\n');
  const line = nl < 0 ? message : message.slice(0, nl);
  const out: Array<[string, string]> = [];
  PAIRS.lastIndex = 0;
  for (let m = PAIRS.exec(line); m !== null; m = PAIRS.exec(line)) {
    // The value first: most are ids, names or times, and that test is the cheaper one. A quoted value is quoted at both
    // ends and nowhere else (PAIR).
    const raw = m[2]!;
    const value = valueOf(raw.charCodeAt(0) === QUOTE ? raw.slice(1, -1) : raw);
    if (value !== null && isContentKey(m[1]!)) out.push([m[1]!, value]);
  }
  COUNTS.lastIndex = 0;
  for (let m = COUNTS.exec(line); m !== null; m = COUNTS.exec(line)) if (!UNITS.has(m[2]!)) out.push([m[2]!, magnitude(Number(m[1]))]);
  return out;
}

function valueOf(raw: string): string | null {
  // Most values are ids, names and times: only a sign or a digit can start a count, only a short word be an answer.
  const c = raw.charCodeAt(0);
  if ((c === MINUS || (c >= ZERO && c <= NINE)) && COUNT.test(raw)) return magnitude(Number(raw));
  if (raw.length > LONGEST_ANSWER) return null;
  if (ANSWER_WORDS.has(raw.toLowerCase())) return raw.toLowerCase();
  // Anything else (names, paths, hex, addresses, values with units) is no categorical answer.
  return null;
}

interface Field {
  service: string | null;
  step: string;
  field: string;
  /** value -> minute -> count; null once the field proved to be an id (too many values). */
  values: Map<string, Map<number, number>> | null;
  total: number;
}

/** Field values per statement and minute, of entries below error level (a wrong answer logs no error). */
export class FieldValueLog {
  private readonly fields = new Map<string, Field>();
  private readonly perStatement = new Map<string, number>();
  /** The statement key with every `key=value` value masked, computed once per key (the memo starts over when full). */
  private readonly masked = boundedMemo((stepKey) => stepKey.replace(PAIR, (m, _k: string, v: string) => m.slice(0, m.length - v.length) + '<*>'), MAX_MASKS);

  add(time: number, e: Pick<LogEntry, 'service' | 'level' | 'message'>, stepKey: string, step: string): void {
    if (atLeast(e.level, 'error')) return;
    const pairs = contentFields(e.message);
    if (pairs.length === 0) return;
    const minute = Math.floor(time / MIN) * MIN;
    // A statement's key may hold a field's value (a logger with no line number is keyed by its words): `result=true` and
    // `result=false` are one statement whose field moved, so the key is read with its fields' values masked.
    const statement = `${e.service ?? ''}\u0000${this.masked(stepKey)}`;
    for (const [name, value] of pairs) {
      const k = `${statement}\u0000${name}`;
      let f = this.fields.get(k);
      if (!f) {
        const n = this.perStatement.get(statement) ?? 0;
        if (this.fields.size >= MAX_FIELDS || n >= MAX_PER_STATEMENT) continue;
        this.perStatement.set(statement, n + 1);
        this.fields.set(k, (f = { service: e.service, step, field: name, values: new Map(), total: 0 }));
      }
      f.total++;
      if (!f.values) continue;
      const byMinute = f.values.get(value) ?? new Map<number, number>();
      byMinute.set(minute, (byMinute.get(minute) ?? 0) + 1);
      f.values.set(value, byMinute);
      if (f.values.size > MAX_VALUES) f.values = null;
    }
  }

  /**
   * Fields with at least two values and enough entries, the most frequent first, counts aligned with `minutes`. A
   * value that could carry a secret (redaction would change it) is left out.
   */
  result(minutes: number[]): FieldValues[] {
    return [...this.fields.values()]
      .filter((f) => f.values && f.values.size >= 2 && f.total >= MIN_ENTRIES)
      .sort((a, b) => b.total - a.total || a.step.localeCompare(b.step) || a.field.localeCompare(b.field))
      .slice(0, MAX_ANSWERED)
      .map((f) => {
        const kept = [...f.values!].filter(([v]) => redact(`${f.field}=${v}`) === `${f.field}=${v}`).sort((a, b) => a[0].localeCompare(b[0]));
        return { service: f.service, step: f.step, field: f.field, values: kept.map(([v]) => v), counts: kept.map(([, m]) => minutes.map((t) => m.get(t) ?? 0)) };
      })
      .filter((f) => f.values.length >= 2);
  }
}
