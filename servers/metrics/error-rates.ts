// The 5xx share per service over time from http_requests_total-style counters: two range queries
// (5xx rate and total rate, summed by service) divided step by step. Pure apart from the queries.

import type { ErrorRateSeries, PromMatrixResult } from '../../src/core/evidence.js';
import { promDuration, rateWindowMs, type Range } from './context.js';
import type { MetricsSource } from './source.js';
import { workloadOf } from '../../src/core/logs/kubernetes.js';
import { serviceOfJob } from '../../src/core/series-labels.js';
import { median } from '../../src/core/median.js';

export interface ErrorRateQuery {
  requestsMetric: string;
  statusLabel: string;
  serviceLabel: string;
  /**
   * What the service label's values are: services, pods (each pod's rates count towards its workload, one service
   * however many replicas) or scrape jobs (OpenTelemetry's `namespace/name` is the name). Default: services.
   */
  labelKind?: ServiceLabelKind;
  service?: string;
}

export type ServiceLabelKind = 'service' | 'pod' | 'job';

/** The service a result row's label value names. */
function serviceOfValue(value: string, kind: ServiceLabelKind): string {
  if (kind === 'pod') return workloadOf(value);
  return kind === 'job' ? serviceOfJob(value) : value;
}

/** Whether the queries select the one service asked for themselves (a service label), else rows are narrowed after. */
const svcSelected = (q: ErrorRateQuery) => (q.labelKind ?? 'service') === 'service';

/** PromQL for the 5xx and the total request rates by service. */
export function errorRateQueries(q: ErrorRateQuery, stepMs: number, windowMs = rateWindowMs(stepMs)): { errors: string; total: string } {
  const w = promDuration(windowMs);
  // A pod or job label holds no service name to select by: the rows are narrowed to the service after the query.
  const svc = q.service === undefined || !svcSelected(q) ? '' : `${q.serviceLabel}=${JSON.stringify(q.service)}`;
  const sel = (extra: string) => `${q.requestsMetric}{${[svc, extra].filter(Boolean).join(',')}}`;
  const by = `sum by (${q.serviceLabel})`;
  return {
    errors: `${by} (rate(${sel(`${q.statusLabel}=~"5.."`)}[${w}]))`,
    total: `${by} (rate(${sel(`${q.serviceLabel}!=""`)}[${w}]))`,
  };
}

const round = (v: number) => Number(v.toPrecision(6));

/** A matrix's rates summed per service and time (several pods of one workload are one service). */
function ratesByService(m: PromMatrixResult, serviceLabel: string, kind: ServiceLabelKind): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of m.result) {
    const service = serviceOfValue(r.metric[serviceLabel] ?? '', kind);
    const at = out.get(service) ?? new Map<number, number>();
    for (const [t, v] of r.values) at.set(t, (at.get(t) ?? 0) + Number(v));
    out.set(service, at);
  }
  return out;
}

/** Divides the two matrices per service and time; a step without traffic has no share. */
export function errorShares(errors: PromMatrixResult, total: PromMatrixResult, serviceLabel: string, kind: ServiceLabelKind = 'service'): ErrorRateSeries[] {
  const errByService = ratesByService(errors, serviceLabel, kind);
  const out: ErrorRateSeries[] = [];
  for (const [service, totals] of ratesByService(total, serviceLabel, kind)) {
    const errs = errByService.get(service);
    const points: Array<[string, number]> = [];
    const shares: number[] = [];
    for (const [t, tot] of [...totals].sort((a, b) => a[0] - b[0])) {
      if (!(tot > 0)) continue;
      const share = Math.min(1, Math.max(0, (errs?.get(t) ?? 0) / tot));
      points.push([new Date(Math.round(t * 1000)).toISOString(), Number(share.toPrecision(4))]);
      shares.push(share);
    }
    let peakIdx = -1;
    shares.forEach((s, i) => {
      if (peakIdx < 0 || s > shares[peakIdx]!) peakIdx = i;
    });
    const before = peakIdx > 0 ? shares.slice(0, peakIdx) : shares;
    out.push({
      service,
      points,
      baseline: round(median(before)),
      peak: peakIdx >= 0 ? round(shares[peakIdx]!) : 0,
      peak_time: peakIdx >= 0 ? points[peakIdx]![0] : null,
    });
  }
  return out.sort((a, b) => b.peak - b.baseline - (a.peak - a.baseline) || a.service.localeCompare(b.service));
}

export async function fetchErrorRates(
  live: MetricsSource,
  q: ErrorRateQuery,
  range: Range,
  stepMs: number,
): Promise<{ series: ErrorRateSeries[]; queries: { errors: string; total: string } }> {
  // rate() needs two samples inside its window: counters scraped less often than the window (one sample a
  // minute against a 60 s window) give nothing, so the window widens up to four times before giving up.
  const source = (await live.snapshot?.()) ?? live;
  let result = { series: [] as ErrorRateSeries[], queries: errorRateQueries(q, stepMs) };
  for (const factor of [1, 2, 4]) {
    const windowMs = rateWindowMs(stepMs) * factor;
    if (factor > 1 && windowMs > (range.to - range.from) / 3) break;
    const queries = errorRateQueries(q, stepMs, windowMs);
    const [errors, total] = await Promise.all([
      source.queryRange(queries.errors, range.from, range.to, stepMs),
      source.queryRange(queries.total, range.from, range.to, stepMs),
    ]);
    const series = errorShares(errors, total, q.serviceLabel, q.labelKind);
    result = { series: q.service !== undefined && !svcSelected(q) ? series.filter((s) => s.service === q.service) : series, queries };
    if (result.series.some((s) => s.points.length > 0)) break;
  }
  return result;
}
