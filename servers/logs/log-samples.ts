// Numeric samples written into the log stream (Heroku's log-runtime-metrics and add-on metrics, l2met's `sample#`,
// `measure#`): where a platform has no scrape target, these lines are its only memory and load series.
import type { LogEntry } from './entries.js';

/**
 * `sample#memory_total=412.33MB`, `measure#db.latency=12ms`, `sample#load-avg-1m=0.2`: a name, a number and a unit
 * (l2met's convention, which Heroku's runtime and add-on metrics follow).
 */
const SAMPLE = /(?:^|\s)(?:sample|measure)#([A-Za-z][\w.-]{0,63})=(-?\d{1,15}(?:\.\d{1,9})?(?:[eE][+-]?\d{1,3})?)([A-Za-z%]{0,5})(?=\s|$)/g;
/** What names the instance a sample is about: Heroku's `source=web.1`, an add-on's `addon=`, l2met's `source=`. */
const SOURCE = /(?:^|\s)source=([\w.:@-]{1,128})(?=\s|$)/;
/** Units of size, as factors to bytes (Heroku writes MB for MiB; both are read as powers of 1024, as it means them). */
const BYTES: Record<string, number> = { b: 1, bytes: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };
/** Units of time, as factors to seconds. */
const SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1 };
/** Units kept as they are: none, pages (Heroku's page-ins), a percentage. */
const PLAIN = new Set(['', 'pages', '%']);

/**
 * Bounds on memory and on request_flows' answer: a log can hold millions of such lines, over many dynos and days. A
 * series keeps a minute's largest sample for a day at most, and is answered in at most MAX_POINTS steps (a longer
 * window's minutes merged, keeping each step's largest, as a gauge read at max_over_time).
 */
const MAX_SERIES = 60;
const MAX_MINUTES = 24 * 60;
const MAX_POINTS = 180;

export interface LogSample {
  metric: string;
  labels: Record<string, string>;
  /** [minute start (ms), the largest value that minute], in time order. */
  points: Array<[number, number]>;
}

/** One sample read from a line, its value in base units (bytes, seconds) and its name with the unit's suffix. */
export function readSamples(message: string): Array<{ metric: string; value: number }> {
  // SAMPLE's literal prefixes: a line that names code locations (`Class#line`) by the thousand is not searched whole.
  if (!message.includes('sample#') && !message.includes('measure#')) return [];
  const out: Array<{ metric: string; value: number }> = [];
  for (const m of message.matchAll(SAMPLE)) {
    const value = Number(m[2]);
    const unit = m[3]!.toLowerCase();
    const name = m[1]!.toLowerCase().replace(/[.-]/g, '_');
    if (!Number.isFinite(value)) continue;
    if (unit in BYTES) out.push({ metric: `${name}_bytes`, value: value * BYTES[unit]! });
    else if (unit in SECONDS) out.push({ metric: `${name}_seconds`, value: value * SECONDS[unit]! });
    else if (PLAIN.has(unit)) out.push({ metric: unit === '%' ? `${name}_percent` : name, value });
    // Any other unit is unknown: skipped rather than read at a wrong scale.
  }
  return out;
}

/** Per service, source and metric, the largest sample per minute (as a gauge scraped at max_over_time reads it). */
export class SampleLog {
  private readonly series = new Map<string, { metric: string; labels: Record<string, string>; minutes: Map<number, number> }>();

  add(time: number, e: LogEntry): void {
    const samples = readSamples(e.message);
    if (samples.length === 0) return;
    const source = SOURCE.exec(e.message)?.[1];
    const labels: Record<string, string> = {};
    if (e.service) labels.service = e.service.slice(0, 128);
    if (source) labels.source = source;
    const minute = Math.floor(time / 60_000) * 60_000;
    for (const s of samples) {
      const key = `${s.metric}\u0000${labels.service ?? ''}\u0000${labels.source ?? ''}`;
      let x = this.series.get(key);
      if (!x) {
        if (this.series.size >= MAX_SERIES) continue;
        this.series.set(key, (x = { metric: s.metric, labels, minutes: new Map() }));
      }
      const prev = x.minutes.get(minute);
      if (prev !== undefined) x.minutes.set(minute, Math.max(prev, s.value));
      else if (x.minutes.size < MAX_MINUTES) x.minutes.set(minute, s.value);
    }
  }

  result(): LogSample[] {
    return [...this.series.values()]
      .map((x) => ({ metric: x.metric, labels: x.labels, points: coarsened([...x.minutes].sort((a, b) => a[0] - b[0])) }))
      .sort((a, b) => a.metric.localeCompare(b.metric) || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
  }
}

/** Minutes merged into steps of whole minutes, each the largest of its minutes, so that at most MAX_POINTS remain. */
function coarsened(points: Array<[number, number]>): Array<[number, number]> {
  if (points.length <= MAX_POINTS) return points;
  const first = points[0]![0];
  const stepMs = Math.ceil((points[points.length - 1]![0] - first + 60_000) / 60_000 / MAX_POINTS) * 60_000;
  const out = new Map<number, number>();
  for (const [t, v] of points) {
    const k = first + Math.floor((t - first) / stepMs) * stepMs;
    out.set(k, Math.max(out.get(k) ?? v, v));
  }
  return [...out];
}
