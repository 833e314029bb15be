// Latency histograms among the listed metrics (`<base>_bucket{le}` families) and the p90 query the engine reads each
// of them by, so a system that exports latency only as histograms still shows its latency to the localizer.
import { metricKind } from '../metric-kind.js';
import { STATUS_LABELS } from '../series-labels.js';

/** The quantile read from every histogram: the p90, as latency dashboards and SLOs usually show it. */
export const HISTOGRAM_QUANTILE = 0.9;
/** How many histogram families the offline engine reads: latency ones first, the rest only if room is left. */
export const MAX_HISTOGRAMS = 4;

/**
 * Labels that say what a request was rather than where it ran: summed away, so each service or call edge gets one
 * p90 (a p90 per status would also read as an error series: the localizer reads a 5xx label as errors).
 */
const REQUEST_DIMENSIONS = new Set([
  ...STATUS_LABELS,
  'method', 'http_method', 'http_request_method', 'path', 'route', 'http_route', 'handler', 'uri', 'url', 'endpoint',
  'operation', 'grpc_method', 'grpc_service', 'rpc_method', 'response_flags', 'grpc_response_status', 'request_protocol',
  'outcome', 'exception', 'error_type',
]);

/** A family's labels that place its series (pod, service, call edge): all but le, the name and a request's own dimensions. */
export function placingLabels(labels: string[]): string[] {
  return labels.filter((l) => l !== 'le' && l !== '__name__' && !REQUEST_DIMENSIONS.has(l));
}

export interface HistogramFamily {
  /** The family's name without `_bucket` (`http_server_request_duration_seconds`). */
  base: string;
  /** Its labels other than le and a request's own dimensions: what the buckets are summed by, besides le. */
  labels: string[];
}

/**
 * The histogram families in a metric listing: bucket series (named `_bucket`) or families listed as histograms, that
 * carry le when their labels are listed. Latency-named families first, then by name; at most `max`.
 */
export function histogramFamilies(listed: Array<{ name: string; type: string | null; labels: string[] }>, max = MAX_HISTOGRAMS): HistogramFamily[] {
  const out = new Map<string, HistogramFamily>();
  for (const m of listed) {
    // A listing may name the family itself as a histogram (metadata) rather than its bucket series.
    const family = /_bucket$/.test(m.name) ? m.name.slice(0, -'_bucket'.length) : m.type && /^histogram$/i.test(m.type) ? m.name : null;
    if (!family || out.has(family)) continue;
    // A listing without label names cannot say; one that lists them must list le, or this is no classic histogram.
    if (m.labels.length > 0 && !m.labels.includes('le')) continue;
    if (m.type && !/histogram|counter|unknown|untyped/i.test(m.type)) continue;
    out.set(family, { base: family, labels: placingLabels(m.labels) });
  }
  const latency = (f: HistogramFamily) => Number(['latency', 'client_latency'].includes(metricKind(f.base)));
  return [...out.values()].sort((a, b) => latency(b) - latency(a) || a.base.localeCompare(b.base)).slice(0, max);
}

/**
 * histogram_quantile over the family's per-second bucket rates, summed by le and the labels that place it (Prometheus
 * drops the name with rate(); the sum keeps each service and edge apart). The range is two steps and at least two minutes, so
 * a window holds two scrapes even at one a minute.
 */
export function quantileQuery(f: HistogramFamily, stepSeconds: number): string {
  const range = Math.max(2 * stepSeconds, 120);
  return `histogram_quantile(${HISTOGRAM_QUANTILE}, sum by (${['le', ...f.labels].join(', ')}) (rate(${f.base}_bucket[${range}s])))`;
}

/** The name the quantile's series go under: `<base>_p90`, which the localizer reads as the family's p90 latency. */
export function quantileName(f: HistogramFamily): string {
  return `${f.base}_p${Math.round(HISTOGRAM_QUANTILE * 100)}`;
}
