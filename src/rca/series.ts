// Small robust statistics over time series for the analyzers: the level before a change, the first
// sustained departure from it, and whether a series ends flat at its own maximum (a pinned limit).

export type Point = [number, number]; // time ms, value

/** An output's ISO time as a Point's ms (NaN when there is none). */
/** The start of the minute `t` falls in (ms). */
export const minuteOf = (t: number): number => Math.floor(t / 60_000) * 60_000;
export const msOf = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

/**
 * The usual spacing of samples over several series (a range query's step, a scrape interval): the median of each
 * series' median step, null when no series has two samples.
 */
export function typicalStep(series: Array<{ points: Point[] }>): number | null {
  const lower = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const steps = series
    .filter((s) => s.points.length >= 2)
    .map((s) => lower(s.points.slice(1).map((p, i) => p[0] - s.points[i]![0])))
    .filter((x) => x > 0);
  return steps.length ? lower(steps) : null;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = sortedNumbers(values);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * The values sorted ascending. A typed array's numeric sort calls no comparator (the engine sorts tens of thousands
 * of values per run); it orders exactly as (a, b) => a - b unless two values compare equal yet differ (NaN, -0 and 0),
 * where the comparator's stable sort keeps their input order: those, and anything not a number, take that sort.
 */
function sortedNumbers(values: readonly number[]): ArrayLike<number> {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || v !== v || (v === 0 && 1 / v < 0)) return [...values].sort((a, b) => a - b);
    out[i] = v;
  }
  return out.sort();
}

export function mad(values: number[]): number {
  const m = quantile(values, 0.5);
  return quantile(
    values.map((v) => Math.abs(v - m)),
    0.5,
  );
}

export interface Departure {
  /** Time of the first point of the sustained departure. */
  time: number;
  baseline: number;
  threshold: number;
  peak: number;
  peakTime: number;
}

/**
 * The first time a series rises above its usual level and stays there for `sustain` points (or to
 * its end). The usual level is a low quantile, so an incident covering up to half the window does not hide it.
 * Returns null when the rise is smaller than `minAbs`. With `from`, only a departure (and peak) from then on counts.
 */
export function firstRise(points: Point[], minAbs: number, sustain = 2, from = -Infinity): Departure | null {
  if (points.length < 3) return null;
  const values = points.map((p) => p[1]);
  const baseline = quantile(values, 0.4);
  const spread = mad(values) * 1.4826;
  const threshold = baseline + Math.max(4 * spread, 0.5 * Math.abs(baseline), minAbs);
  // Looked for from `from` on, the rise is measured there too: a higher burst before it belongs to an earlier event.
  let peak = -Infinity;
  let peakTime = points[0]![0];
  for (const [t, v] of points) if (v > peak && t >= from) [peak, peakTime] = [v, t];
  if (peak <= threshold) return null;
  for (let i = 0; i < points.length; i++) {
    if (points[i]![1] <= threshold || points[i]![0] < from) continue;
    let ok = true;
    for (let j = 1; j < sustain && i + j < points.length; j++) if (points[i + j]![1] <= threshold) ok = false;
    if (ok) return { time: points[i]![0], baseline, threshold, peak, peakTime };
  }
  return null;
}

/** Share of the points in [a, b) above `threshold` (0 when none fall there). */
export function heldShare(points: Point[], threshold: number, a: number, b: number): number {
  let inside = 0;
  let above = 0;
  for (const [t, v] of points) {
    if (t < a || t >= b) continue;
    inside++;
    if (v > threshold) above++;
  }
  return inside === 0 ? 0 : above / inside;
}

/**
 * The first rise of an incident the engineer says began at `stated` (ms; null when the text gives no time). A rise
 * more than `slack` earlier counts when it kept up until then (it began before anyone noticed); one that fell back
 * before it was an earlier event that ended, so the departure is looked for again from `stated - slack` on, against
 * the same baseline.
 */
export function riseByStatedStart(points: Point[], minAbs: number, stated: number | null, slack: number): Departure | null {
  const rise = firstRise(points, minAbs);
  if (!rise || stated === null || rise.time >= stated - slack) return rise;
  if (heldShare(points, rise.threshold, rise.time, stated) >= 0.6) return rise;
  return firstRise(points, minAbs, 2, stated - slack);
}

/** Mean of the values in [from, to). */
export function meanBetween(points: Point[], from: number, to: number): number | null {
  const v = points.filter(([t]) => t >= from && t < to).map((p) => p[1]);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

export interface Plateau {
  start: number;
  value: number;
  /** How many points the plateau holds. */
  length: number;
  /** Relative spread of the values before it (a live gauge moves; a pinned one does not). */
  spreadBefore: number;
}

/**
 * A gauge that moved freely and then goes flat at or above its usual level from about `near` on: the
 * signature of a limit being hit (a pool at its size, a quota, a max). Null otherwise.
 */
export function pinnedPlateau(points: Point[], near: number | null, minLength = 4): Plateau | null {
  if (points.length < minLength * 2) return null;
  // A range query at a finer step than the scrape repeats each sample: a plateau must hold minLength samples,
  // not minLength copies of two (one sample a minute read every 20 s looks flat for a minute at every point).
  const repeat = sampleRepeat(points);
  let best: Plateau | null = null;
  let i = 0;
  while (i < points.length) {
    const v = points[i]![1];
    let j = i + 1;
    const tol = Math.max(Math.abs(v) * 0.005, 1e-9);
    while (j < points.length && Math.abs(points[j]![1] - v) <= tol) j++;
    const length = j - i;
    const start = points[i]![0];
    if (length >= minLength * repeat && v > 0 && (near === null || Math.abs(start - near) <= 15 * 60_000)) {
      const before = points.slice(0, i).map((p) => p[1]);
      if (before.length >= minLength) {
        const spreadBefore = (quantile(before, 0.9) - quantile(before, 0.1)) / Math.max(Math.abs(v), 1e-9);
        const usual = quantile(before, 0.5);
        // A ceiling is where usage climbed to and never passes: the plateau sits at or above everything before
        // it, and nothing after it goes clearly higher.
        const ceiling = v >= quantile(before, 0.95) * 0.999 && points.slice(j).every((p) => p[1] <= v * 1.02 + 1e-9);
        // A gauge that only switched between two levels (idle, and the one connection or worker in use) never climbed
        // towards anything: a run at its upper level is its switching, not a ceiling reached.
        const climbed = levelCount(before, tol) > 2;
        if (spreadBefore > 0.05 && v >= usual && ceiling && climbed && (!best || length > best.length)) best = { start, value: v, length, spreadBefore };
      }
    }
    i = j;
  }
  return best;
}

/** How many distinct levels the values take, values within `tol` of a level's lowest being that level. */
function levelCount(values: number[], tol: number): number {
  let n = 0;
  let level = -Infinity;
  for (const v of [...values].sort((a, b) => a - b)) {
    if (v - level <= tol) continue;
    n++;
    level = v;
  }
  return n;
}

/**
 * How many points of a range query each real sample fills: the median length of runs of exactly equal values,
 * counted over the stretches where the series moves (a pinned gauge repeats itself for another reason).
 */
export function sampleRepeat(points: Point[]): number {
  const runs: number[] = [];
  let i = 0;
  while (i < points.length) {
    let j = i + 1;
    while (j < points.length && points[j]![1] === points[i]![1]) j++;
    runs.push(j - i);
    i = j;
  }
  // Runs much longer than the typical one are plateaus, not repeats of one sample.
  const typical = quantile(runs, 0.5);
  const moving = runs.filter((r) => r <= 2 * typical);
  return Math.max(1, Math.round(quantile(moving.length ? moving : runs, 0.5)));
}

/** Least-squares slope per hour of a series. */
export function slopePerHour(points: Point[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mt = points.reduce((a, p) => a + p[0], 0) / n;
  const mv = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, v] of points) {
    num += (t - mt) * (v - mv);
    den += (t - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3_600_000;
}

/**
 * Where a steady climb (or fall, with `sign` -1) began: the breakpoint of the best "flat, then linear"
 * fit over the points up to the highest (lowest) one. Null when the series has no such shape.
 */
export function growthStart(points: Point[], sign: 1 | -1 = 1): number | null {
  const pts = points.map(([t, v]) => [t, sign * v] as Point);
  if (pts.length < 8) return null;
  let peakAt = 0;
  for (let i = 1; i < pts.length; i++) if (pts[i]![1] > pts[peakAt]![1]) peakAt = i;
  const seg = pts.slice(0, peakAt + 1);
  if (seg.length < 8) return null;
  let best: { k: number; sse: number } | null = null;
  for (let k = 2; k <= seg.length - 4; k++) {
    const flat = seg.slice(0, k).reduce((a, p) => a + p[1], 0) / k;
    let sse = seg.slice(0, k).reduce((a, p) => a + (p[1] - flat) ** 2, 0);
    // The ramp starts at the flat level at point k and goes through the peak.
    const [t0] = seg[k]!;
    const [t1, v1] = seg[seg.length - 1]!;
    const slope = (v1 - flat) / Math.max(1, t1 - t0);
    for (let i = k; i < seg.length; i++) sse += (seg[i]![1] - (flat + slope * (seg[i]![0] - t0))) ** 2;
    if (!best || sse < best.sse) best = { k, sse };
  }
  return best ? seg[best.k]![0] : null;
}

/** The value a series held at `t`: its last sample at or before it. */
export function valueAt(points: Point[], t: number): number | null {
  let v: number | null = null;
  for (const [pt, pv] of points) {
    if (pt > t) break;
    v = pv;
  }
  return v;
}

/** A series as PromQL prints it: `metric{k="v",...}`, the bare metric when it has no labels. */
export function seriesName(s: { metric: string; labels: Record<string, string> }): string {
  const l = Object.entries(s.labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return l ? `${s.metric}{${l}}` : s.metric;
}
