// Span metrics counters for tests, as the OpenTelemetry collector's spanmetrics connector writes them: a 25-minute
// window of calls per minute, the incident at minute 20, an error-status series born at its first error.
import type { SeriesSamples } from '../../src/core/evidence.js';

export const BASE = Date.parse('2026-05-14T05:00:00Z');
export const MIN = 60_000;
export const ONSET = BASE + 20 * MIN;
export const END = BASE + 25 * MIN;

/** The `calls` counter of one span of `service` under job `<namespace>/<service>`: `perMin(m)` calls in minute m, from `born` on. */
export function spanCalls(namespace: string) {
  return (service: string, kind: 'SERVER' | 'CLIENT', span: string, status: 'UNSET' | 'ERROR', perMin: (m: number) => number, born = 0): SeriesSamples => {
    const labels = { job: `${namespace}/${service}`, service_name: service, span_kind: `SPAN_KIND_${kind}`, span_name: span, status_code: `STATUS_CODE_${status}` };
    return { metric: 'traces_span_metrics_calls_total', labels, points: counterPoints(perMin, born) };
  };
}

/** A counter's samples over the window, one a minute: `perMin(m)` more in minute m, sampled from minute `born` on. */
export function counterPoints(perMin: (m: number) => number, born = 0): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  let total = 0;
  for (let m = 0; m <= 25; m++) {
    total += perMin(m);
    if (m >= born) points.push([BASE + m * MIN, total]);
  }
  return points;
}

/** n calls a minute, give or take: a steady series. */
export const steady = (n: number) => (m: number) => n + (m % 3);
/** n calls a minute from the onset (minute 20) on, none before. */
export const failing = (n: number) => (m: number) => (m >= 20 ? n : 0);
