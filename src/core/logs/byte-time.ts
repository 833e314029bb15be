// The minute of a `YYYY-MM-DD?HH:MM` prefix read from bytes, cached while consecutive lines share it: the byte
// twin of the minute caches in fast-stamped.ts and timestamps.ts (same Date.parse of the same text).

/** Epoch ms of the minute whose 16 ASCII bytes start at `at`, NaN when Date.parse rejects it; null unless its 12 digits are digits. */
export class MinuteCache {
  private readonly key = new Uint8Array(16);
  private valid = false;
  private ms = NaN;

  minute(buf: Uint8Array, at: number): number | null {
    const key = this.key;
    if (this.valid) {
      let i = 0;
      while (i < 16 && buf[at + i] === key[i]) i++;
      if (i === 16) return this.ms;
    }
    // The date's and time's digits must be digits (a quote or backslash there is never taken for part of a time).
    for (let i = 0; i < 16; i++) if (buf[at + i]! >= 128 || ((i < 4 || (i - 4) % 3 !== 0) && (buf[at + i]! < 48 || buf[at + i]! > 57))) return null;
    key.set(buf.subarray(at, at + 16));
    this.valid = true;
    const text = String.fromCharCode(...key);
    this.ms = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 16)}:00Z`);
    return this.ms;
  }
}

/** Bytes `buf[s, e)` equal to ASCII `word`'s codes. */
export function bytesEqual(buf: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[s + i] !== word[i]) return false;
  return true;
}

/**
 * Strings for short byte runs that repeat (service names, level words), so the hot loop makes none: a small list
 * searched by length and bytes, decoded as UTF-8 on a miss.
 */
export class ByteStrings<V> {
  private readonly keys: Uint8Array[] = [];
  private readonly values: V[] = [];
  constructor(
    private readonly make: (text: string) => V,
    private readonly cap = 64,
  ) {}

  get(buf: Buffer, s: number, e: number): V {
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) if (bytesEqual(buf, s, e, keys[k]!)) return this.values[k]!;
    const v = this.make(buf.toString('utf8', s, e));
    if (keys.length < this.cap) {
      keys.push(Uint8Array.from(buf.subarray(s, e)));
      this.values.push(v);
    }
    return v;
  }
}
