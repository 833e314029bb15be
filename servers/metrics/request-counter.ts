// Which request counter get_error_rates reads and which of its labels name the service and the response status: the
// server's options when set, else what the series carry, so other conventions need no configuration: the counter is
// http_requests_total, else the first other request counter with a status label (Micrometer's
// http_server_requests_seconds_count, OpenTelemetry's http_server_request_duration_seconds_count, ...), and its labels
// the first of the usual names (`service_name` and `http_response_status_code` under OpenTelemetry, `app`, `status`).
import { APP_LABELS, POD_LABELS, STATUS_LABELS } from '../../src/core/series-labels.js';
import type { MetricsContext, Range } from './context.js';
import type { ServiceLabelKind } from './error-rates.js';
import { matcher } from './promql/selector.js';
import type { SeriesInfo } from './source.js';

/** Request counters and histogram counts of served requests by convention, the most widespread first. */
const KNOWN_COUNTERS = [
  'http_requests_total',
  'http_server_requests_seconds_count', // Spring Boot (Micrometer)
  'http_server_request_duration_seconds_count', // OpenTelemetry's stable HTTP conventions
  'http_server_duration_milliseconds_count', // OpenTelemetry before them
  'http_server_duration_seconds_count',
  'http_request_duration_seconds_count', // prom-client, express-prom-bundle and many frameworks' histograms
  'http_server_requests_total',
  'nginx_ingress_controller_requests',
  'istio_requests_total',
];
/** Any other counter of requests or responses (`*_requests_total`, `*_responses_total`, `*_request_duration_seconds_count`). */
const REQUEST_LIKE = '(?:.*_)?(?:requests?|responses?)(?:_duration)?(?:_(?:milli)?seconds)?(?:_total|_count)';

export interface RequestCounter {
  requestsMetric: string;
  serviceLabel: string;
  statusLabel: string;
  /** What the service label's values are: pods or scrape jobs when the counter carries no app label (error-rates.ts). */
  labelKind: ServiceLabelKind;
}

export async function requestCounter(ctx: MetricsContext, range: Range): Promise<RequestCounter> {
  const given = { metric: true, ...(ctx.labelsGiven ?? { status: true, service: true }) };
  if (given.metric && given.service && given.status) return { requestsMetric: ctx.requestsMetric, serviceLabel: ctx.serviceLabel, statusLabel: ctx.statusLabel, labelKind: 'service' };
  let series: SeriesInfo[] = [];
  try {
    series = await ctx.source.listSeries([matcher('__name__', '=', ctx.requestsMetric)], range);
    if (series.length === 0 && !given.metric) series = await otherCounter(ctx, range, given.status ? [ctx.statusLabel] : STATUS_LABELS);
  } catch {
    // A source that cannot list series (a proxy without /api/v1/series, a failing Prometheus) gets the defaults: the
    // queries that follow report its failure in their own words.
  }
  const names = new Set(series.flatMap((s) => Object.keys(s.labels)));
  const first = (order: string[], fallback: string) => (names.has(fallback) ? fallback : (order.find((l) => names.has(l)) ?? fallback));
  // A label that names the app, else the pod (its workload), else the scrape job (a plain `job`/`instance` scrape).
  const serviceLabel = given.service ? ctx.serviceLabel : first([...APP_LABELS, ...POD_LABELS, 'job'], ctx.serviceLabel);
  return {
    requestsMetric: series[0]?.name ?? ctx.requestsMetric,
    serviceLabel,
    statusLabel: given.status ? ctx.statusLabel : first(STATUS_LABELS, ctx.statusLabel),
    labelKind: given.service ? 'service' : POD_LABELS.includes(serviceLabel) ? 'pod' : serviceLabel === 'job' ? 'job' : 'service',
  };
}

/**
 * The series of the first counter that carries a status label: a known name first (each listed by name, so a large
 * Prometheus is never asked for every request-like series), else the request-like one with the most series.
 */
async function otherCounter(ctx: MetricsContext, range: Range, statusLabels: readonly string[]): Promise<SeriesInfo[]> {
  const withStatus = (series: SeriesInfo[]) => series.filter((s) => statusLabels.some((l) => s.labels[l] !== undefined));
  const known = await Promise.all(KNOWN_COUNTERS.map(async (n) => withStatus(await ctx.source.listSeries([matcher('__name__', '=', n)], range))));
  const first = known.find((series) => series.length > 0);
  if (first) return first;
  const byName = new Map<string, SeriesInfo[]>();
  for (const s of withStatus(await ctx.source.listSeries([matcher('__name__', '=~', REQUEST_LIKE)], range))) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return [...byName.values()].sort((a, b) => b.length - a.length || a[0]!.name.localeCompare(b[0]!.name))[0] ?? [];
}
