// The common head of `python` and `iso` text lines (`2025-03-04 10:15:02,123 ERROR billing.app: msg`) read from its
// bytes: time, level and service exactly as parseStamped (fast-stamped.ts) reads them, or "ask the parser".
import type { LogLevel } from '../evidence.js';
import { levelWord } from './levels.js';
import { ByteStrings, MinuteCache } from './byte-time.js';
import { serviceInFile } from './file-service.js';
import { colonName } from './logger-names.js';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
// parseStamped's logger-name characters: [A-Za-z0-9._$-], as a table (one load per byte of every logger name).
const NAME = new Uint8Array(256);
for (let c = 0; c < 128; c++) if (isLetter(c) || isDigit(c) || c === 46 || c === 95 || c === 36 || c === 45) NAME[c] = 1;

/**
 * `head(buf, s, e)` is true when the line is a `<time> <LEVEL> ` head that parseStamped(line, sep) reads as that
 * time and level (whatever follows: it keeps a level word once found); `named()` then is true when a `<logger>: `
 * follows that it reads as the logger's service, which is then in `service`. False means only that the shortcut
 * does not vouch for the line (offsets, brackets, no logger, non-ASCII head...): the caller parses it.
 */
export class StampedBytes {
  time = 0;
  level: LogLevel = 'unknown';
  service = '';
  /** After `named`: where the message starts (past `<logger>: ` and its spaces); the head before it is ASCII. */
  message = 0;
  private readonly minutes = new MinuteCache();
  private readonly levels = new ByteStrings<LogLevel | null>((w) => levelWord(w), 500);
  // As parseStamped: a dotted logger names its service by the first segment (`__main__...` kept whole); a JVM logger
  // or a thrown class (colonName) is false: the parser keeps the logger or the whole message, which bytes cannot.
  private readonly services = new ByteStrings<string | false>((name) => {
    // Python's root logger names nobody: the parser leaves the service to the file (serviceFromLogger).
    if (colonName(name).kind !== 'other' || name === 'root') return false;
    const dot = name.indexOf('.');
    // The file's service over a package that is only its first word, as the parser's lines get (fillService).
    return serviceInFile(dot > 0 && !name.startsWith('__main__') ? name.slice(0, dot) : name, this.fileService)!;
  }, 256);
  // The line `head` read last and where its level word ends, for `named`.
  private buf: Buffer = Buffer.alloc(0);
  private after = 0;
  private end = 0;

  /**
   * sep: 32 (space, `python`) or 84 (`T`, `iso`), the byte between date and time. fileService: the service the
   * file's name gives (serviceOfLogFile), which the parser's lines take where the logger is only its first word.
   */
  constructor(
    private readonly sep: number,
    private readonly fileService: string | null = null,
  ) {}

  head(buf: Buffer, s: number, e: number): boolean {
    // Every index read below is checked against e: past it lie the next line's bytes.
    if (e - s < 24 || buf[s + 10] !== this.sep || buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 13] !== 58 || buf[s + 16] !== 58) return false;
    if (!isDigit(buf[s]!) || !isDigit(buf[s + 17]!) || !isDigit(buf[s + 18]!)) return false;
    // A line that ends in `}` may carry a JSON record as its message, whose own level and message the parser reads.
    if (buf[e - 1] === 125 || (buf[e - 1] === 13 && buf[e - 2] === 125)) return false;
    const minute = this.minutes.minute(buf, s);
    if (minute === null || Number.isNaN(minute)) return false;
    let ms = minute + ((buf[s + 17]! - 48) * 10 + (buf[s + 18]! - 48)) * 1000;
    let i = s + 19;
    let c = buf[i]!;
    if (c === 46 || c === 44) {
      let frac = 0;
      let digits = 0;
      for (i++; i < e && isDigit((c = buf[i]!)); i++) {
        if (digits < 3) frac = frac * 10 + (c - 48);
        digits++;
      }
      if (i >= e) return false;
      for (; digits < 3; digits++) frac *= 10;
      ms += frac;
    }
    if (c === 90 || c === 122) c = buf[++i]!; // `Z`
    // Zones given as offsets (also after a space, `... +0100`): the parser's.
    if (i + 1 >= e || c !== 32 && c !== 9) return false;
    while (i < e && ((c = buf[i]!) === 32 || c === 9)) i++;
    // No letter here (`- LEVEL`, `[LEVEL]`, which the parser skips or unwraps): no level word for the shortcut.
    const ws = i;
    while (i < e && isLetter(buf[i]!)) i++;
    if (i === ws || i >= e) return false;
    const level = this.levels.get(buf, ws, i);
    if (level === null) return false;
    this.time = ms;
    this.level = level;
    this.buf = buf;
    this.after = i;
    this.end = e;
    return true;
  }

  /** After `head` vouched for a line: true when its level word is followed by `<logger>: `, read into `service`. */
  named(): boolean {
    const buf = this.buf;
    const e = this.end;
    let i = this.after;
    while (i < e && buf[i] === 32) i++;
    if (i >= e) return false;
    const c = buf[i]!;
    if (!((c >= 97 && c <= 122) || c === 95)) return false;
    const ns = i;
    let j = i + 1;
    const last = Math.min(e, ns + 81);
    while (j < last && NAME[buf[j]!] === 1) j++;
    if (j >= e || buf[j] !== 58 || (j + 1 < e && buf[j + 1] !== 32)) return false;
    const service = this.services.get(buf, ns, j);
    if (service === false) return false;
    this.service = service;
    for (j++; j < e && buf[j] === 32; j++);
    this.message = j;
    return true;
  }
}
