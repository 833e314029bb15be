// Small robust statistics over time series for the analyzers: the level before a change, the first
// sustained departure from it, and whether a series ends flat at its own maximum (a pinned limit).

export type Point = [number, number]; // time ms, value

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
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
 * Returns null when the rise is smaller than `minAbs`.
 */
export function firstRise(points: Point[], minAbs: number, sustain = 2): Departure | null {
  if (points.length < 3) return null;
  const values = points.map((p) => p[1]);
  const baseline = quantile(values, 0.4);
  const spread = mad(values) * 1.4826;
  const threshold = baseline + Math.max(4 * spread, 0.5 * Math.abs(baseline), minAbs);
  let peak = -Infinity;
  let peakTime = points[0]![0];
  for (const [t, v] of points) if (v > peak) [peak, peakTime] = [v, t];
  if (peak <= threshold) return null;
  for (let i = 0; i < points.length; i++) {
    if (points[i]![1] <= threshold) continue;
    let ok = true;
    for (let j = 1; j < sustain && i + j < points.length; j++) if (points[i + j]![1] <= threshold) ok = false;
    if (ok) return { time: points[i]![0], baseline, threshold, peak, peakTime };
  }
  return null;
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
 * A gauge that ends (or sits after `after`) flat at the highest value it ever had, after moving freely
 * before: the signature of a limit being hit (a pool at its size, a quota, a max). Null otherwise.
 */
export function pinnedAtMax(points: Point[], after: number | null, minLength = 4): Plateau | null {
  if (points.length < minLength * 2) return null;
  const max = Math.max(...points.map((p) => p[1]));
  if (!(max > 0)) return null;
  const tol = max * 0.005;
  let best: Plateau | null = null;
  let runStart = -1;
  for (let i = 0; i <= points.length; i++) {
    const at = i < points.length && Math.abs(points[i]![1] - max) <= tol;
    if (at && runStart < 0) runStart = i;
    if (!at && runStart >= 0) {
      const length = i - runStart;
      const start = points[runStart]![0];
      if (length >= minLength && (after === null || start >= after - 10 * 60_000)) {
        const before = points.slice(0, runStart).map((p) => p[1]);
        const spreadBefore = before.length >= 3 ? (quantile(before, 0.9) - quantile(before, 0.1)) / max : 0;
        if (!best || length > best.length) best = { start, value: max, length, spreadBefore };
      }
      runStart = -1;
    }
  }
  return best && best.spreadBefore > 0.05 ? best : null;
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
