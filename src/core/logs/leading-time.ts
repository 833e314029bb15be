// The timestamp a text line starts with, in any common shape: ISO-8601, Go `log` (2025/04/22 07:16:00.898),
// Tomcat/PHP (05-Dec-2026 01:42:00), BSD syslog without a year, java.util.logging's `Dec 05, 2026 1:42:00 AM`, a time
// of day alone, bracketed variants, Apache/nginx `[22/Apr/2025:07:16:00 +0000]`, epochs.
import { parseClockTime, parseEpoch, parseIsoLike, parseSyslogTime } from './timestamps.js';

export interface LeadingTime {
  time: number;
  /** The text after the timestamp (and its closing bracket), leading blanks removed. */
  rest: string;
  /** Text inside the timestamp's brackets after the time (celery `[... 09:24:05,536: INFO/MainProcess]`). */
  inBracket?: string;
  /** A java.util.logging stamp: the rest is the logger and method, the record's level and message the next line. */
  jul?: true;
}

const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:\s?(?:Z|z|UTC|[+-]\d{2}:?\d{2}))?)/;
const SLASHED = /^(\d{4})\/(\d{2})\/(\d{2})[ T-](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?/;
const BSD = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?: (\d{4})\b)?/;
// Also with a space before the time and no zone: Django's runserver and werkzeug (`[05/Dec/2026 01:42:00]`).
const CLF = /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4})[: ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?: ([+-]\d{4}))?/;
// `05-Dec-2026 01:42:00.123` (Tomcat's Catalina, PHP and PHP-FPM), with PHP's ` UTC` after it.
const DMY = /^(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (?:UTC|GMT)\b)?/;
// Android logcat `03-17 16:13:38.811` (no year, like syslog).
const MONTH_DAY = /^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?=\s)/;
// A time of day alone, `10:49:16.611` (logback's default pattern, JBoss's console): the day comes from the file.
const CLOCK = /^(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
const EPOCH = /^(1\d{9}(?:\.\d{1,9})?|1\d{12}(?:\.\d{1,6})?)(?=[\s\]|,])/;
// java.util.logging's SimpleFormatter (Tomcat before 8.5, plain Java): `Dec 05, 2026 1:42:00 AM`, the level and
// message on the next line (prefixed-formats.ts reads that line).
const JUL = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)(?=\s|$)/;

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

/** `22/Apr/2025:07:16:00 +0000` (common log format) to epoch ms. */
export function parseClf(text: string): number | null {
  const m = CLF.exec(text);
  if (!m) return null;
  const mon = MONTHS[m[2]!];
  if (mon === undefined) return null;
  const [h, mi, s] = m[4]!.split(':').map(Number);
  let ms = Date.UTC(Number(m[3]), mon, Number(m[1]), h!, mi!, s!) + fraction(m[5]);
  if (m[6]) ms -= (m[6][0] === '-' ? -1 : 1) * (Number(m[6].slice(1, 3)) * 60 + Number(m[6].slice(3, 5))) * 60_000;
  return Number.isNaN(ms) ? null : ms;
}

/** `2025/04/22 07:16:00.898000` (Go's log package, nginx error logs) to epoch ms. */
export function parseSlashed(text: string): number | null {
  const m = SLASHED.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}Z`);
  return Number.isNaN(ms) ? null : ms + fraction(m[5]);
}

function matchAt(s: string, reference: number): { time: number; length: number; jul?: true } | null {
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    // `HH:` first: no other shape has a colon there, so a time-of-day file skips their regexes.
    if (s.charCodeAt(2) === 58) {
      const clock = CLOCK.exec(s);
      const t = clock ? parseClockTime(Number(clock[1]), Number(clock[2]), Number(clock[3]), reference) : null;
      return t === null ? null : { time: t + fraction(clock![4]), length: clock![0].length };
    }
    const iso = ISO.exec(s);
    if (iso) {
      const t = parseIsoLike(iso[1]!.replace(/\s?UTC$/, 'Z'));
      return t === null ? null : { time: t, length: iso[0].length };
    }
    const sl = SLASHED.exec(s);
    if (sl) {
      const t = parseSlashed(s);
      return t === null ? null : { time: t, length: sl[0].length };
    }
    const clf = CLF.exec(s);
    if (clf) {
      const t = parseClf(s);
      return t === null ? null : { time: t, length: clf[0].length };
    }
    const dmy = DMY.exec(s);
    if (dmy) {
      const t = Date.UTC(Number(dmy[3]), MONTHS[dmy[2]!] ?? NaN, Number(dmy[1]), Number(dmy[4]), Number(dmy[5]), Number(dmy[6]));
      return Number.isNaN(t) ? null : { time: t + fraction(dmy[7]), length: dmy[0].length };
    }
    const md = MONTH_DAY.exec(s);
    if (md) {
      const names = Object.keys(MONTHS);
      const t = parseSyslogTime(names[Number(md[1]) - 1] ?? '', md[2]!, `${md[3]}:${md[4]}:${md[5]}`, reference);
      return t === null ? null : { time: t + fraction(md[6]), length: md[0].length };
    }
    const ep = EPOCH.exec(s);
    if (ep) {
      const t = parseEpoch(Number(ep[1]));
      return t === null ? null : { time: t, length: ep[0].length };
    }
    return null;
  }
  if (c >= 65 && c <= 90) {
    const b = BSD.exec(s);
    if (!b) return s.charCodeAt(3) === 32 && s.charCodeAt(5) !== 32 ? julTime(s) : null;
    let t: number | null;
    if (b[5]) t = Date.UTC(Number(b[5]), MONTHS[b[1]!] ?? NaN, Number(b[2]), ...(b[3]!.split(':').map(Number) as [number, number, number]));
    else t = parseSyslogTime(b[1]!, b[2]!, b[3]!, reference);
    if (t === null || Number.isNaN(t)) return null;
    return { time: t + fraction(b[4]), length: b[0].length };
  }
  return null;
}

/** `Dec 05, 2026 1:42:00 AM` (12-hour clock) to epoch ms. */
function julTime(s: string): { time: number; length: number; jul: true } | null {
  const m = JUL.exec(s);
  const mon = m ? MONTHS[m[1]!] : undefined;
  if (mon === undefined) return null;
  const hour = (Number(m![4]) % 12) + (m![7] === 'PM' ? 12 : 0);
  const t = Date.UTC(Number(m![3]), mon, Number(m![2]), hour, Number(m![5]), Number(m![6]));
  return Number.isNaN(t) ? null : { time: t, length: m![0].length, jul: true };
}

/**
 * The timestamp at the start of `line` (optionally in `[...]`), or null. `reference` supplies the year of
 * yearless syslog stamps (see parseSyslogTime) and the day of a time of day alone (parseClockTime).
 */
export function leadingTime(line: string, reference: number): LeadingTime | null {
  const bracket = line.charCodeAt(0) === 91;
  const s = bracket ? line.slice(1) : line;
  const m = matchAt(s, reference);
  if (!m) return bracket ? afterPid(line, reference) : null;
  let after = s.slice(m.length);
  let inBracket: string | undefined;
  if (bracket) {
    const close = after.indexOf(']');
    if (close < 0 || close > 60) return null;
    const inner = after.slice(0, close).trim();
    if (inner) inBracket = inner;
    after = after.slice(close + 1);
  } else if (after.length > 0 && !/^(?:[\s|,;\]]|:\s)/.test(after)) return null; // `2025-04-22T07:16:00foo` is not a stamp
  // PM2's `--time` puts `: ` after its stamp (`2026-12-14T18:05:01: msg`); a colon with no blank after is no separator.
  return { time: m.time, rest: after.replace(/^:?[\s|,;]+/, ''), ...(inBracket ? { inBracket } : {}), ...(m.jul ? { jul: true as const } : {}) };
}

/** A process id in brackets before the stamp: nats-server's default `[1] 2026/12/27 16:40:00.157284 [INF] …`. */
const PID = /^\[\d{1,7}\] (?=\d)/;

/** The stamp after a bracketed process id, or null; the id is dropped (it names the process, not the entry). */
function afterPid(line: string, reference: number): LeadingTime | null {
  const pid = PID.exec(line);
  return pid ? leadingTime(line.slice(pid[0].length), reference) : null;
}
