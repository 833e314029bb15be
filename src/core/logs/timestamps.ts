// Fast timestamp parsing for hot loops: the date-time prefix up to the second is parsed once and cached,
// so millions of lines sharing a second cost one Date.parse between them.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const secondCache = new Map<string, number>();

function cachedSecond(key: string): number {
  let v = secondCache.get(key);
  if (v === undefined) {
    v = Date.parse(`${key}Z`);
    if (secondCache.size > 10_000) secondCache.clear();
    secondCache.set(key, v);
  }
  return v;
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?/i;

let isoMinuteKey = '';
let isoMinuteMs = NaN;
const digit = (c: number) => c >= 48 && c <= 57;

/**
 * The hot shape `2025-03-04T10:15:02.123Z` (also without zone, or with a space) by char codes, the minute cached
 * between calls; null for anything else (offsets, other shapes), which parseIsoLike then handles.
 */
export function isoMs(s: string): number | null {
  const n = s.length;
  if (n < 19 || n > 30 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return null;
  if (!digit(s.charCodeAt(17)) || !digit(s.charCodeAt(18))) return null;
  let i = 19;
  let frac = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    let digits = 0;
    for (i++; i < n && digit(s.charCodeAt(i)); i++) if (digits++ < 3) frac = frac * 10 + (s.charCodeAt(i) - 48);
    if (digits === 0) return null;
    for (; digits < 3; digits++) frac *= 10;
  }
  if (i < n && (s.charCodeAt(i) === 90 || s.charCodeAt(i) === 122)) i++;
  if (i !== n) return null;
  if (isoMinuteKey === '' || !s.startsWith(isoMinuteKey)) {
    const t = Date.parse(`${s.slice(0, 10)}T${s.slice(11, 16)}:00Z`);
    if (Number.isNaN(t)) return null;
    isoMinuteKey = s.slice(0, 16);
    isoMinuteMs = t;
  }
  return isoMinuteMs + ((s.charCodeAt(17) - 48) * 10 + (s.charCodeAt(18) - 48)) * 1000 + frac;
}

/** Parses `2025-03-04T10:15:02.123Z`, `2025-03-04 10:15:02,123`, with optional zone (none = UTC). */
export function parseIsoLike(text: string): number | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  let ms = cachedSecond(`${m[1]}T${m[2]}`);
  if (Number.isNaN(ms)) return null;
  if (m[3]) ms += Math.floor(Number(m[3].slice(0, 3).padEnd(3, '0')));
  const zone = m[4];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return ms;
}

/** Syslog `Mar  4 10:15:02`: no year, so the year of `reference` is used (last year if that lands in the future). */
export function parseSyslogTime(month: string, day: string, time: string, reference: number): number | null {
  const mon = MONTHS[month.toLowerCase()];
  if (mon === undefined) return null;
  const ref = new Date(reference);
  let year = ref.getUTCFullYear();
  const build = (y: number) => Date.UTC(y, mon, Number(day), Number(time.slice(0, 2)), Number(time.slice(3, 5)), Number(time.slice(6, 8)));
  let ms = build(year);
  if (ms > reference + 86_400_000) ms = build(--year);
  return Number.isNaN(ms) ? null : ms;
}

const DAY = 86_400_000;

/**
 * A time of day without a date (logback's `%d{HH:mm:ss.SSS}`, JBoss's console): on the reference's day, or the day
 * before when that lands more than 12 h after the reference (a file's lines are not in its future; half a day leaves
 * room for a zone-less clock ahead of UTC and for lines written after a replay's reference).
 */
export function parseClockTime(h: number, m: number, s: number, reference: number): number | null {
  if (h > 23 || m > 59 || s > 60 || !Number.isFinite(reference)) return null;
  const ms = Math.floor(reference / DAY) * DAY + ((h * 60 + m) * 60 + s) * 1000;
  return ms > reference + DAY / 2 ? ms - DAY : ms;
}

/** The latest instant at or before `limit` with the time of day of `time` (both epoch ms, the day in UTC). */
export function clockBefore(time: number, limit: number): number {
  return limit - ((((limit - time) % DAY) + DAY) % DAY);
}

/** Epoch numbers in JSON logs: seconds, milliseconds or nanoseconds, judged by magnitude. */
export function parseEpoch(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/** A time field of any shape: ISO string, epoch number or numeric string. */
export function parseAnyTime(value: unknown): number | null {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string') return null;
  const iso = parseIsoLike(value);
  if (iso !== null) return iso;
  if (/^\d+(\.\d+)?$/.test(value)) return parseEpoch(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
