// Which labels of the request counter name the service and the response status: the server's options when set, else
// the first of the usual names the counter's series carry (`service_name` and `http_response_status_code` under
// OpenTelemetry, `app` and `status` elsewhere), so get_error_rates reads other conventions without configuration.
import { APP_LABELS, STATUS_LABELS } from '../../src/core/series-labels.js';
import type { MetricsContext, Range } from './context.js';
import { matcher } from './promql/selector.js';

export async function requestLabels(ctx: MetricsContext, range: Range): Promise<{ serviceLabel: string; statusLabel: string }> {
  const given = ctx.labelsGiven ?? { status: true, service: true };
  if (given.service && given.status) return { serviceLabel: ctx.serviceLabel, statusLabel: ctx.statusLabel };
  const names = new Set<string>();
  try {
    for (const s of await ctx.source.listSeries([matcher('__name__', '=', ctx.requestsMetric)], range)) for (const k of Object.keys(s.labels)) names.add(k);
  } catch {
    // A source that cannot list series (a proxy without /api/v1/series, a failing Prometheus) gets the defaults: the
    // queries that follow report its failure in their own words.
  }
  const first = (order: string[], fallback: string) => (names.has(fallback) ? fallback : (order.find((l) => names.has(l)) ?? fallback));
  return {
    serviceLabel: given.service ? ctx.serviceLabel : first(APP_LABELS, ctx.serviceLabel),
    statusLabel: given.status ? ctx.statusLabel : first(STATUS_LABELS, ctx.statusLabel),
  };
}
