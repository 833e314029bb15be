// In-memory time series: one growable pair of Float64Arrays per label set, so millions of samples stay
// compact (16 bytes each). Built by the OpenMetrics parser, read by the file source's query evaluator.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info' | 'stateset' | 'gaugehistogram' | 'unknown';

export interface Series {
  /** Series key: name{a="x",b="y"} with labels sorted. */
  key: string;
  name: string;
  labels: Record<string, string>;
  /** Sample times in ms, sorted ascending after finish(). */
  times: Float64Array;
  values: Float64Array;
  length: number;
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
  /** Declared TYPE per family name (`# TYPE http_requests counter`). */
  readonly types = new Map<string, MetricType>();
  samples = 0;

  /** The series for a name and label set, created empty on first use. */
  seriesFor(name: string, labels: Record<string, string>): Series {
    const key = seriesKey(name, labels);
    let s = this.byKey.get(key);
    if (!s) {
      s = { key, name, labels, times: new Float64Array(16), values: new Float64Array(16), length: 0 };
      this.byKey.set(key, s);
    }
    return s;
  }

  add(name: string, labels: Record<string, string>, timeMs: number, value: number): void {
    this.append(this.seriesFor(name, labels), timeMs, value);
  }

  append(s: Series, timeMs: number, value: number): void {
    if (s.length === s.times.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      s.times = grow(s.times);
      s.values = grow(s.values);
    }
    s.times[s.length] = timeMs;
    s.values[s.length] = value;
    s.length++;
    this.samples++;
  }

  /** Sorts each series by time (files may interleave) and trims the spare capacity; later duplicates win. */
  finish(): void {
    for (const s of this.byKey.values()) {
      let sorted = true;
      let strictly = true;
      for (let i = 1; i < s.length; i++) {
        if (s.times[i]! < s.times[i - 1]!) sorted = false;
        if (s.times[i]! <= s.times[i - 1]!) strictly = false;
      }
      if (strictly) {
        // The usual case: trim the spare capacity without temporaries.
        s.times = s.times.slice(0, s.length);
        s.values = s.values.slice(0, s.length);
        continue;
      }
      const order = Array.from({ length: s.length }, (_, i) => i);
      if (!sorted) order.sort((a, b) => s.times[a]! - s.times[b]! || a - b);
      const times: number[] = [];
      const values: number[] = [];
      for (const i of order) {
        if (times.length > 0 && times[times.length - 1] === s.times[i]) values[values.length - 1] = s.values[i]!;
        else {
          times.push(s.times[i]!);
          values.push(s.values[i]!);
        }
      }
      s.times = Float64Array.from(times);
      s.values = Float64Array.from(values);
      s.length = times.length;
    }
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
