// In-memory time series: values in one growable Float64Array per label set, and times in columns shared by
// every series scraped at the same instants (most of a file), so millions of samples cost ~8 bytes each.
// Built by the OpenMetrics parser, read by the file source's query evaluator.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info' | 'stateset' | 'gaugehistogram' | 'unknown';

export interface Series {
  /** Series key: name{a="x",b="y"} with labels sorted. */
  key: string;
  name: string;
  labels: Record<string, string>;
  /** Sample times in ms, sorted ascending; valid after finish() (possibly a view shared with other series). */
  times: Float64Array;
  values: Float64Array;
  length: number;
  /** While building: the time column this series reads its times from (see TimeColumn); null after finish(). */
  column: TimeColumn | null;
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

function grown(a: Float64Array, need: number): Float64Array {
  // Doubling while small, then 1.5x: less spare capacity on long series.
  const b = new Float64Array(Math.max(need, a.length < 1024 ? a.length * 2 : Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

/** The first `length` items, copied when the spare capacity is worth freeing, else a view. */
function trimmed(a: Float64Array, length: number): Float64Array {
  if (a.length === length) return a;
  return a.length - length > length >> 3 ? a.slice(0, length) : a.subarray(0, length);
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
      s = { key, name, labels, times: column.data, values: new Float64Array(Math.max(16, column.len)), length: 0, column };
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
    if (at === s.values.length) s.values = grown(s.values, at + 1);
    s.values[at] = value;
    s.length = at + 1;
    this.lastColumn = c;
    this.samples++;
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
        s.values = trimmed(s.values, s.length);
        continue;
      }
      const order = Array.from({ length: s.length }, (_, i) => i);
      if (!sorted) order.sort((a, b) => t[a]! - t[b]! || a - b);
      const times: number[] = [];
      const values: number[] = [];
      for (const i of order) {
        if (times.length > 0 && times[times.length - 1] === t[i]) values[values.length - 1] = s.values[i]!;
        else {
          times.push(t[i]!);
          values.push(s.values[i]!);
        }
      }
      s.times = Float64Array.from(times);
      s.values = Float64Array.from(values);
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
