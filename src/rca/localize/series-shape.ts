// How a raw metric series is read before scoring: cumulative counters become per-second rates, and a series of
// requests by status code that carries error codes (5xx) is its own family, so errors are not read as traffic.
import type { SeriesSamples } from '../../core/evidence.js';
import type { Point } from '../series.js';
import { STATUS_LABELS } from '../../core/series-labels.js';

/** Counter names by convention (Prometheus/OpenMetrics `_total`, summaries' and histograms' `_count`/`_sum`). */
const COUNTER_NAME = /(_total|_count|_sum)$/;
/**
 * Status values that mean the server failed the request: HTTP 5xx, the gRPC codes for a server-side failure and an
 * OpenTelemetry span status of error (spanmetrics' `status_code="STATUS_CODE_ERROR"`, set on 5xx and failed RPCs).
 */
const SERVER_ERROR = /^(5\d\d|5xx|internal|unavailable|unknown|deadline_?exceeded|data_?loss|status_code_error)$/i;

/** A counter: named like one and never decreasing except at a reset to a low value. */
export function isCounter(s: SeriesSamples): boolean {
  if (!COUNTER_NAME.test(s.metric) || s.points.length < 2) return false;
  let drops = 0;
  for (let i = 1; i < s.points.length; i++) if (s.points[i]![1] < s.points[i - 1]![1]) drops++;
  return drops <= 1;
}

/**
 * A counter as a per-second rate between the samples where it changed: a range query repeats a sample until the
 * next scrape, so consecutive equal values are one sample carried forward, not a zero rate. A reset counts from zero.
 */
export function counterRate(points: Point[]): Point[] {
  const changed: Point[] = [];
  for (const p of points) if (changed.length === 0 || p[1] !== changed[changed.length - 1]![1]) changed.push(p);
  // Points that repeat the last change: the counter did not move between scrapes (a real zero rate) only when the
  // repeat lasts longer than the usual scrape interval; those keep their place so a stop in traffic shows.
  const out: Point[] = [];
  const gaps = changed.slice(1).map((p, i) => p[0] - changed[i]![0]).sort((a, b) => a - b);
  const usual = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0;
  let last = points[0]!;
  // When the value the previous point holds was first seen: the sample it repeats was taken about then.
  let runStart = points[0]![0];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const prev = points[i - 1]!;
    const dt = p[0] - last[0];
    if (p[1] === last[1]) {
      if (dt <= usual) continue;
      out.push([p[0], 0]);
      last = p;
      continue;
    }
    // The increase happened since the scrape before this one, not since the last zero kept inside a flat stretch:
    // that scrape lies at most one usual interval back (and no later than the step before), so the first change
    // after a stop is not read up to several times too high.
    const since = Math.max(p[0] - prev[0], Math.min(usual, p[0] - runStart));
    const inc = p[1] >= prev[1] ? p[1] - prev[1] : p[1];
    out.push([p[0], since > 0 ? (inc * 1000) / since : 0]);
    last = p;
    runStart = p[0];
  }
  return out;
}

/** The series' status is a server-side failure (a 5xx), or null when it carries no status label. */
export function serverErrorStatus(labels: Record<string, string>): boolean | null {
  for (const k of STATUS_LABELS) if (labels[k] !== undefined) return SERVER_ERROR.test(labels[k]!);
  return null;
}

/** The points to score: rates for a counter, the samples as they are otherwise. */
export function scoredPoints(s: SeriesSamples): Point[] {
  return isCounter(s) ? counterRate(s.points) : s.points;
}
