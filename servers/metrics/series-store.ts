// In-memory time series: values as exact decimal mantissas (4 bytes, doubles where a value is not one), and
// times in columns shared by every series scraped at the same instants, so a sample costs ~4 bytes.
// Built by the OpenMetrics parser, read by the file source's query evaluator through valueAt/valuesOf.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info' | 'stateset' | 'gaugehistogram' | 'unknown';

export interface Series {
  /** Series key: name{a="x",b="y"} with labels sorted. */
  key: string;
  name: string;
  labels: Record<string, string>;
  /** Sample times in ms, sorted ascending; valid after finish() (possibly a view shared with other series). */
  times: Float64Array;
  /**
   * The values, read them with valueAt/valuesOf: value i is mantissas[i] / 10^scale, exactly the double
   * parsed (checked when stored), or with scale -1 a Float64Array of the doubles themselves.
   */
  mantissas: Int32Array | Float64Array;
  scale: number;
  length: number;
  /** While building: the time column this series reads its times from (see TimeColumn); null after finish(). */
  column: TimeColumn | null;
  /** From this time on the series is stale (it stopped while the data went on: see staleness.ts); unset = lookback only. */
  staleFrom?: number;
}

/**
 * Sample times shared by series: a series on a column has its first `length` times there. Appending the
 * time the column already holds at that index costs nothing; a different time copies the series' prefix to
 * a column of its own (copy on write); at the column's end the time is added for the others to follow.
 */
export class TimeColumn {
  data: Float64Array = new Float64Array(16);
  len = 0;
}

/** 10^0 … 10^9, exact doubles; the largest scale a 32-bit mantissa can use. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Value i of a series, as parsed. */
export function valueAt(s: Series, i: number): number {
  return s.scale < 0 ? s.mantissas[i]! : s.mantissas[i]! / POW10[s.scale]!;
}

/** All values of a series as doubles: the stored array itself when it holds doubles, else decoded into `out` (or a new array). */
export function valuesOf(s: Series, out?: Float64Array): Float64Array {
  if (s.scale < 0) return (s.mantissas as Float64Array).subarray(0, s.length);
  const v = out ?? new Float64Array(s.length);
  const p = POW10[s.scale]!;
  for (let i = 0; i < s.length; i++) v[i] = s.mantissas[i]! / p;
  return v;
}

/** The mantissa of v at 10^scale when it fits 32 bits and gives back exactly v (not -0, NaN, ±Inf), else NaN. */
function mantissa(v: number, scale: number): number {
  const p = POW10[scale]!;
  const m = Math.round(v * p);
  return m / p === v && m <= 0x7fffffff && m >= -0x7fffffff && (v !== 0 || 1 / v > 0) ? m : NaN;
}

function grown<T extends Float64Array | Int32Array>(a: T, need: number): T {
  // Doubling while small, then 1.5x: less spare capacity on long series.
  const size = Math.max(need, a.length < 1024 ? a.length * 2 : Math.ceil(a.length * 1.5));
  const b = (a instanceof Int32Array ? new Int32Array(size) : new Float64Array(size)) as T;
  b.set(a as ArrayLike<number>);
  return b;
}

/** The first `length` items, copied when the spare capacity is worth freeing, else a view. */
function trimmed<T extends Float64Array | Int32Array>(a: T, length: number): T {
  if (a.length === length) return a;
  return (a.length - length > length >> 3 ? a.slice(0, length) : a.subarray(0, length)) as T;
}

/** Canonical text of a series: name{label="value",...}, labels sorted, values escaped. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  const body = keys.map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `${name}{${body.join(',')}}`;
}

export class SeriesStore {
  private readonly byKey = new Map<string, Series>();
  /** The column the last appended sample went to: where a new series most likely finds its times. */
  private lastColumn: TimeColumn | null = null;
  /** Declared TYPE per family name (`# TYPE http_requests counter`). */
  readonly types = new Map<string, MetricType>();
  samples = 0;

  /** The series for a name and label set, created empty on first use. */
  seriesFor(name: string, labels: Record<string, string>): Series {
    const key = seriesKey(name, labels);
    let s = this.byKey.get(key);
    if (!s) {
      const column = this.lastColumn ?? new TimeColumn();
      // As many values as the column already has times: the exact size when series follow one another in the file.
      s = { key, name, labels, times: column.data, mantissas: new Int32Array(Math.max(16, column.len)), scale: 0, length: 0, column };
      this.byKey.set(key, s);
    }
    return s;
  }

  add(name: string, labels: Record<string, string>, timeMs: number, value: number): void {
    this.append(this.seriesFor(name, labels), timeMs, value);
  }

  append(s: Series, timeMs: number, value: number): void {
    let c = s.column;
    if (!c) {
      // Appending after finish(): continue on a private copy of the finished times.
      c = s.column = new TimeColumn();
      c.data = s.times.slice(0, s.length);
      c.len = s.length;
    }
    const at = s.length;
    if (at < c.len && c.data[at] !== timeMs) {
      const own = new TimeColumn();
      own.data = new Float64Array(Math.max(16, at * 2));
      own.data.set(c.data.subarray(0, at));
      own.len = at;
      s.column = c = own;
    }
    if (at === c.len) {
      if (c.len === c.data.length) c.data = grown(c.data, c.len + 1);
      c.data[c.len++] = timeMs;
    }
    if (at === s.mantissas.length) s.mantissas = grown(s.mantissas, at + 1);
    let m = s.scale < 0 ? value : mantissa(value, s.scale);
    if (Number.isNaN(m) && s.scale >= 0) m = this.rescale(s, value);
    s.mantissas[at] = m;
    s.length = at + 1;
    this.lastColumn = c;
    this.samples++;
  }

  /**
   * Makes room for a value the series' scale cannot hold: a finer scale when the earlier mantissas still
   * fit at it, else doubles. Returns what to store for the value.
   */
  private rescale(s: Series, value: number): number {
    for (let k = s.scale + 1; k < POW10.length; k++) {
      const m = mantissa(value, k);
      if (Number.isNaN(m)) continue;
      const f = POW10[k - s.scale]!;
      let fits = true;
      for (let i = 0; i < s.length && fits; i++) fits = Math.abs(s.mantissas[i]! * f) <= 0x7fffffff;
      if (!fits) break;
      for (let i = 0; i < s.length; i++) s.mantissas[i] = s.mantissas[i]! * f;
      s.scale = k;
      return m;
    }
    const doubles = new Float64Array(s.mantissas.length);
    valuesOf(s, doubles);
    s.mantissas = doubles;
    s.scale = -1;
    return value;
  }

  /** Sorts each series by time (files may interleave) and trims the spare capacity; later duplicates win. */
  finish(): void {
    const columns = new Set<TimeColumn>();
    for (const s of this.byKey.values()) if (s.column) columns.add(s.column);
    for (const c of columns) c.data = trimmed(c.data, c.len);
    for (const s of this.byKey.values()) {
      if (!s.column) continue; // finished before
      const t = s.column.data.subarray(0, s.length);
      s.column = null;
      let sorted = true;
      let strictly = true;
      for (let i = 1; i < s.length; i++) {
        if (t[i]! < t[i - 1]!) sorted = false;
        if (t[i]! <= t[i - 1]!) strictly = false;
      }
      if (strictly) {
        s.times = t;
        s.mantissas = trimmed(s.mantissas, s.length);
        continue;
      }
      const order = Array.from({ length: s.length }, (_, i) => i);
      if (!sorted) order.sort((a, b) => t[a]! - t[b]! || a - b);
      const times: number[] = [];
      const values: number[] = [];
      for (const i of order) {
        if (times.length > 0 && times[times.length - 1] === t[i]) values[values.length - 1] = valueAt(s, i);
        else {
          times.push(t[i]!);
          values.push(valueAt(s, i));
        }
      }
      s.times = Float64Array.from(times);
      s.mantissas = Float64Array.from(values);
      s.scale = -1;
      s.length = times.length;
    }
    this.lastColumn = null;
  }

  all(): Series[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The declared type of a sample's family: exact name first, then without the OpenMetrics suffixes. */
  typeOf(name: string): MetricType {
    const exact = this.types.get(name);
    if (exact) return exact;
    const m = /^(.*)_(total|created|count|sum|bucket|info)$/.exec(name);
    if (m) {
      const family = this.types.get(m[1]!);
      if (family === 'histogram' || family === 'summary' || family === 'gaugehistogram') {
        return m[2] === 'count' || m[2] === 'sum' || m[2] === 'bucket' ? 'counter' : 'gauge';
      }
      if (family) return family;
    }
    return 'unknown';
  }

  /** Time of the first and last sample over all series, or null when empty. */
  span(): { from: number; to: number } | null {
    let from = Infinity;
    let to = -Infinity;
    for (const s of this.byKey.values()) {
      if (s.length === 0) continue;
      from = Math.min(from, s.times[0]!);
      to = Math.max(to, s.times[s.length - 1]!);
    }
    return from === Infinity ? null : { from, to };
  }
}
