// Capacity: the request rate stepped up shortly before the onset (more traffic than the service can
// take); whether a change explains it instead is for the ranking to weigh.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { robustScore } from '../localize/robust.js';
import { metricKind } from '../localize/signal.js';
import { cite, refs } from '../quote.js';
import { meanBetween, type Point } from '../series.js';
import { REQUEST_COUNTER } from '../../core/sources/metrics.js';
import { nonSuccess } from '../signals.js';
import { normalizeService } from '../service-names.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { meanRequestRate, requestRates } from '../traffic.js';
import { serviceStem } from '../localize/service-aliases.js';

const MIN = 60_000;

export const capacity: Analyzer = {
  name: 'capacity',
  description: 'Request rate stepping up at the onset with no change behind it',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const onset = ctx.onset;
    const rates = requestRates(bundle);
    // Steps of request counters (requests, rpcs, messages consumed...) that carry no failure result
    // (an NXDOMAIN rcode, a 5xx, reason="timeout"), credited to the service their own label names,
    // and only when that service's total request rate rose too (not just a shift between result codes).
    const rises = (bundle.anomalies?.data ?? []).filter((a) => {
      const t = Date.parse(a.time);
      const svc = serviceFromLabels(a.labels);
      if (!(a.kind === 'rate' && a.direction === 'up' && a.relative_change >= 0.5 && svc)) return false;
      if (!REQUEST_COUNTER.test(a.metric) || nonSuccess(a.labels) || !(t >= onset - 30 * MIN && t <= onset + 5 * MIN)) return false;
      const before = meanRequestRate(rates, svc, ctx.from, t - 5 * MIN);
      const after = meanRequestRate(rates, svc, t, ctx.to + 1);
      return (before === null || after === null || after >= before * 1.3) && strained(bundle, ctx, svc, t);
    });
    // The same seen in the logs: request (info) lines per minute, where the failing service's own lines rose as well
    // (a database logging its slow statements at LOG level is more info lines, not more traffic to the service).
    const info: Point[] = (bundle.logStats?.data ?? []).map((b) => [Date.parse(b.start), b.by_level.info ?? 0]);
    const before = meanBetween(info, ctx.from, onset - 30 * MIN);
    const after = meanBetween(info, onset - 5 * MIN, ctx.to + 1);
    const own = ctx.affectedService;
    // Its lines under any spelling of its name (`loyalty_api` from a Python logger, `loyalty-api` on the metrics).
    const stem = own ? serviceStem(own) : null;
    const ownLines = (byService: Record<string, number>) => Object.entries(byService).reduce((a, [k, n]) => (serviceStem(k) === stem ? a + n : a), 0);
    const mine: Point[] = (bundle.logStats?.data ?? []).map((b) => [Date.parse(b.start), own ? ownLines(b.by_service) : 0]);
    const [mineBefore, mineAfter] = [meanBetween(mine, ctx.from, onset - 30 * MIN), meanBetween(mine, onset - 5 * MIN, ctx.to + 1)];
    const ownRose = own === null || !mine.some(([, n]) => n > 0) || (mineBefore !== null && mineAfter !== null && mineAfter >= mineBefore * 1.3);
    const logStep = before !== null && after !== null && before > 0 && after >= before * 1.6 && ownRose;
    if (rises.length === 0 && !logStep) return [];
    const top = rises.sort((a, b) => b.relative_change - a.relative_change)[0];
    const text = top
      ? `${top.series || top.metric} stepped up ${Math.round(top.relative_change * 100)}% (${round(top.before)} -> ${round(top.after)}/s)`
      : `request log lines rose from ${before!.toFixed(0)} to ${after!.toFixed(0)} per minute`;
    const service = top ? serviceFromLabels(top.labels) : ctx.affectedService;
    return [
      {
        kind: 'condition',
        condition: 'capacity',
        category: 'capacity',
        service: service ?? null,
        analyzer: this.name,
        summary: `traffic to ${service ?? 'the service'} stepped up before the errors: ${text}`,
        confidence: Math.min(0.9, 0.45 + (top ? 0.25 : 0) + (logStep ? 0.15 : 0)),
        evidence: refs(
          top && bundle.anomalies ? cite(bundle, bundle.anomalies.call_id, text, [top.series, top.metric]) : null,
          logStep && bundle.logStats ? cite(bundle, bundle.logStats.call_id, text, ['"info"']) : null,
        ),
        timeline: top ? [{ time: top.time, source: 'metrics', event: text }] : [],
        recommendation: 'Scale out (more replicas or larger limits) and shed or rate-limit the excess; then find where the traffic comes from and plan capacity for it',
      },
    ];
  },
};

/**
 * More traffic is a cause only where it hurt: the service is the one failing, or its own (server-side) latency rose
 * with the step. Per-service request counters show every service's traffic moving; a step into a service that
 * took it in its stride says nothing about the incident.
 */
function strained(bundle: EvidenceBundle, ctx: AnalysisContext, svc: string, step: number): boolean {
  const name = normalizeService(svc);
  if (ctx.affectedService === name) return true;
  return bundle.series.some((c) =>
    c.data.some((s) => {
      const who = serviceFromLabels(s.labels);
      if (metricKind(s.metric) !== 'latency' || !who || normalizeService(who) !== name) return false;
      // With the step, not at some later fault: the minutes right after it.
      return (robustScore(s.points.filter(([t]) => t <= step + 5 * MIN), step, 0)?.z ?? 0) >= 3;
    }),
  );
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
