// The JSON shortcut of fast-json.ts on the line's bytes: the learned time, level and service keys read from a
// one-line object without decoding it; any line the string walk would not vouch for in the same way goes back to it.
import type { LogLevel } from '../../src/core/evidence.js';
import { levelWord, normalizeLevel } from '../../src/core/logs/levels.js';
import { ByteStrings, bytesEqual, MinuteCache } from '../../src/core/logs/byte-time.js';
import { parseAnyTime } from '../../src/core/logs/timestamps.js';

const digit = (c: number) => c >= 48 && c <= 57;
const blank = (c: number) => c === 32 || c === 9;

/** Index just past the string that opens at `p` (a quote) before `e`, or -1 (fast-json's stringEnd on bytes). */
function stringEnd(buf: Buffer, p: number, e: number): number {
  for (let q = p + 1; q < e; q++) {
    if (buf[q] !== 34) continue;
    let b = 0;
    while (buf[q - 1 - b] === 92) b++;
    if (b % 2 === 0) return q + 1;
  }
  return -1;
}

function nestedEnd(buf: Buffer, p: number, e: number): number {
  let depth = 0;
  for (let i = p; i < e; i++) {
    const c = buf[i]!;
    if (c === 34) {
      i = stringEnd(buf, i, e) - 1;
      if (i < 0) return -1;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}

/** True when `buf[at, at + lit.length)` is `lit`. */
function startsWith(buf: Buffer, at: number, lit: Uint8Array): boolean {
  for (let i = 0; i < lit.length; i++) if (buf[at + i] !== lit[i]) return false;
  return true;
}

/** Index of the quote closing a string whose bytes from `p` are plain ASCII without escapes; -1 otherwise. */
function plainEnd(buf: Buffer, p: number, e: number): number {
  for (let q = p; q < e; q++) {
    const c = buf[q]!;
    if (c === 34) return q;
    if (c === 92 || c >= 128) return -1;
  }
  return -1;
}

/** True when `buf[s, e)` holds a byte that is a backslash or not ASCII: such values are the string walk's. */
function plainAscii(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i]! >= 128 || buf[i] === 92) return false;
  return true;
}

/**
 * Reads the time, level and service keys of a layout that names all three (`keys`: their names in that order).
 * `head` is true only where fast-json's `quick` on the decoded line gives the same time, level and service.
 */
export class JsonBytes {
  time = 0;
  level: LogLevel = 'unknown';
  private readonly keys: Uint8Array[];
  private readonly minutes = new MinuteCache();
  // As fast-json's cachedLevel: a level word trimmed, any case.
  private readonly levels = new ByteStrings<LogLevel | null>((w) => levelWord(w.trim()), 200);
  private readonly services = new ByteStrings<string>((s) => s, 256);
  // Value bounds found by the last walk, per key (start, end; start -1: not found).
  private readonly at = new Int32Array(6);
  private readonly quoted = [false, false, false];
  // The order of the three keys in the first line that had them with string values (null: none yet), and the bytes
  // before each value when they open a line adjacent: `{"k":"`, then `","k":"` twice.
  private order: number[] | null = null;
  private lits: Uint8Array[] = [];

  constructor(keys: [string, string, string]) {
    this.keys = keys.map((k) => Uint8Array.from(Buffer.from(k, 'latin1')));
  }

  head(buf: Buffer, s: number, e: number): boolean {
    if (this.order !== null && this.adjacent(buf, s, e)) {
      // Its time is read; its level and service are plain ASCII strings: the checks below that are left.
      const level = this.levels.get(buf, this.at[2]!, this.at[3]!);
      if (level === null || this.at[5] === this.at[4]) return false;
      this.level = level;
      this.buf = buf;
      return true;
    }
    if (!this.walk(buf, s, e)) return false;
    const at = this.at;
    // Time: the ISO shape as isoMs reads it, or a number; other text (offsets, other shapes) is the string walk's.
    if (at[0]! < 0 || at[2]! < 0 || at[4]! < 0) return false;
    const time = this.quoted[0] ? this.iso(buf, at[0]!, at[1]!) : this.number(buf, at[0]!, at[1]!, true);
    if (time === null) return false;
    let level: LogLevel | null;
    if (this.quoted[1]) level = plainAscii(buf, at[2]!, at[3]!) ? this.levels.get(buf, at[2]!, at[3]!) : null;
    else {
      const n = this.number(buf, at[2]!, at[3]!, false);
      level = n === null || normalizeLevel(n) === 'unknown' ? null : normalizeLevel(n);
    }
    if (level === null || !this.quoted[2] || at[5] === at[4] || !plainAscii(buf, at[4]!, at[5]!)) return false;
    this.time = time;
    this.level = level;
    this.buf = buf;
    return true;
  }

  // The line `head` vouched for last: its service is looked up only when asked (most lines are dropped by level).
  private buf: Buffer = Buffer.alloc(0);

  /** The service of the line `head` vouched for last (a string it checked: plain ASCII, not empty). */
  get service(): string {
    return this.services.get(this.buf, this.at[4]!, this.at[5]!);
  }

  /** fast-json's topLevelValues for the three keys: value bounds into `at`; false where it would answer null. */
  private walk(buf: Buffer, s: number, e: number): boolean {
    const at = this.at;
    at.fill(-1);
    // Until a layout is learned: the keys in the order found, while their values are strings (a guess `adjacent` checks).
    const order: number[] | null = this.order === null ? [] : null;
    let found = 0;
    let p = s + 1;
    while (p < e && blank(buf[p]!)) p++;
    if (p < e && buf[p] === 125) return true;
    while (p < e) {
      if (buf[p] !== 34) return false;
      const ke = stringEnd(buf, p, e);
      if (ke < 0) return false;
      let k = -1;
      for (let w = 0; w < 3; w++) {
        if (bytesEqual(buf, p + 1, ke - 1, this.keys[w]!)) {
          k = w;
          break;
        }
      }
      for (p = ke; p < e && blank(buf[p]!); p++);
      if (p >= e || buf[p] !== 58) return false;
      for (p++; p < e && blank(buf[p]!); p++);
      if (p >= e) return false;
      const c = buf[p]!;
      let v = p;
      let ve: number;
      let end: number;
      if (c === 34) {
        end = stringEnd(buf, p, e);
        if (end < 0) return false;
        v = p + 1;
        ve = end - 1;
      } else if (c === 123 || c === 91) {
        end = nestedEnd(buf, p, e);
        if (end < 0) return false;
        ve = end;
        if (k >= 0) v = -2; // an object or array: no value
      } else {
        for (end = p; end < e; end++) {
          const d = buf[end]!;
          if (d === 44 || d === 125 || d === 32 || d === 9) break;
        }
        ve = end;
      }
      if (k >= 0 && at[2 * k] === -1) {
        if (v === -2) return false; // the string walk answers null for it: the full parse decides
        at[2 * k] = v;
        at[2 * k + 1] = ve;
        this.quoted[k] = c === 34;
        if (order !== null && c === 34 && order.length === found) order.push(k);
        if (++found === 3) {
          if (order !== null && order.length === 3) this.learn(order);
          return true;
        }
      }
      for (p = end; p < e && blank(buf[p]!); p++);
      if (p >= e) return false;
      const sep = buf[p];
      if (sep === 125) return true;
      if (sep !== 44) return false;
      for (p++; p < e && blank(buf[p]!); p++);
    }
    return false;
  }

  /**
   * The usual line in one pass: the three keys open it, adjacent, with string values, in the learned order and
   * with no blanks, its time in the ISO shape and its level and service plain ASCII, so the walk would find exactly
   * these bounds and `head` accept them. Anything else is left to the walk. Sets `time`.
   */
  private adjacent(buf: Buffer, s: number, e: number): boolean {
    const at = this.at;
    const order = this.order!;
    let p = s;
    for (let i = 0; i < 3; i++) {
      const lit = this.lits[i]!;
      if (p + lit.length >= e || !startsWith(buf, p, lit)) return false;
      const v = p + lit.length; // the value's first byte
      const k = order[i]!;
      // Read once: the time as it is parsed, the others up to their quote (no escapes, ASCII).
      const end = k === 0 ? this.isoTo(buf, v, e) : plainEnd(buf, v, e);
      if (end < 0) return false;
      at[2 * k] = v;
      at[2 * k + 1] = end;
      p = end; // the next literal starts with the value's closing quote
    }
    // The walk also needs what follows the third value to be a separator or the end of the object.
    const sep = buf[p + 1];
    return p + 1 < e && (sep === 44 || sep === 125);
  }

  /**
   * The ISO time starting at `s` when a quote closes it: where that quote is, else -1. Every byte before it is one
   * `iso` checked (digits, separators, `Z`), so no quote or backslash precedes it: it is the string's end.
   */
  private isoTo(buf: Buffer, s: number, e: number): number {
    let i = s + 19;
    if (i >= e) return -1;
    if (buf[i] === 46 || buf[i] === 44) for (i++; i < e && digit(buf[i]!); i++);
    if (i < e && (buf[i] === 90 || buf[i] === 122)) i++;
    if (i >= e || buf[i] !== 34) return -1;
    const time = this.iso(buf, s, i);
    if (time === null) return -1;
    this.time = time;
    return i;
  }

  private learn(order: number[]): void {
    const k = (i: number) => Buffer.from(this.keys[order[i]!]!).toString('latin1');
    this.lits = [`{"${k(0)}":"`, `","${k(1)}":"`, `","${k(2)}":"`].map((l) => Uint8Array.from(Buffer.from(l, 'latin1')));
    this.order = order;
  }

  /** isoMs (timestamps.ts) on bytes: `2025-03-04T10:15:02.123Z`, a space for the T, zone Z or none; else null. */
  private iso(buf: Buffer, s: number, e: number): number | null {
    const n = e - s;
    if (n < 19 || n > 30 || buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 13] !== 58 || buf[s + 16] !== 58) return null;
    const sep = buf[s + 10];
    if (sep !== 84 && sep !== 32) return null;
    if (!digit(buf[s + 17]!) || !digit(buf[s + 18]!)) return null;
    let i = s + 19;
    let frac = 0;
    if (i < e && (buf[i] === 46 || buf[i] === 44)) {
      let digits = 0;
      for (i++; i < e && digit(buf[i]!); i++) if (digits++ < 3) frac = frac * 10 + (buf[i]! - 48);
      if (digits === 0) return null;
      for (; digits < 3; digits++) frac *= 10;
    }
    if (i < e && (buf[i] === 90 || buf[i] === 122)) i++;
    if (i !== e) return null;
    const minute = this.minutes.minute(buf, s);
    if (minute === null || Number.isNaN(minute)) return null;
    return minute + ((buf[s + 17]! - 48) * 10 + (buf[s + 18]! - 48)) * 1000 + frac;
  }

  /** A bare value as the string walk reads it (Number of its text), then as a time when `asTime`; null where it is none. */
  private number(buf: Buffer, s: number, e: number, asTime: boolean): number | null {
    if (e <= s) return null;
    for (let i = s; i < e; i++) if (buf[i]! >= 128) return null;
    const n = Number(buf.toString('latin1', s, e));
    if (!Number.isFinite(n)) return null;
    return asTime ? parseAnyTime(n) : n;
  }
}
