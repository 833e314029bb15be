// Callers whose failed calls the callee failed itself: span metrics count one call twice, as the caller's client span
// and the callee's server span, so when both sides' error counts rise the caller's error logs are the callee's, relayed.
import type { EvidenceBundle } from '../bundle.js';
import { withZeroBefore } from './born-errors.js';
import { serviceOfSeries } from './metric-scores.js';
import { namedServices } from './named-services.js';
import { robustScore } from './robust.js';
import { scoredPoints, serverErrorStatus } from './series-shape.js';
import type { ServiceSignal } from './signal.js';
import { outboundSpan } from './span-kind.js';

/** A caller's failing call and the callee whose own server side failed it. */
export interface AnsweredCall {
  callee: string;
  /** The client span's name, in words for the report. */
  span: string;
}

interface FailingSpan {
  service: string;
  name: string;
  outbound: boolean;
}

/** Error-status span series (a span kind and a span name, a status of error) that rose from the onset on. */
function failingSpans(bundle: EvidenceBundle, onset: number): FailingSpan[] {
  const out: FailingSpan[] = [];
  const isError = (l: Record<string, string>) => serverErrorStatus(l) === true;
  for (const c of [...bundle.series, ...bundle.counters]) {
    for (const s of withZeroBefore(c.data, isError)) {
      const name = s.labels.span_name ?? s.labels['span.name'];
      if (!name || !isError(s.labels) || (s.labels.span_kind ?? s.labels['span.kind']) === undefined) continue;
      const service = serviceOfSeries(s.labels);
      const r = robustScore(scoredPoints(s), onset, 0);
      if (service && r && r.z >= 3) out.push({ service, name, outbound: outboundSpan(s.labels) });
    }
  }
  return out;
}

/**
 * For each service whose client spans fail more since the onset, the other service whose server spans failed the same
 * calls: the one whose failing server span has the client span's name (the OpenTelemetry RPC conventions name both
 * sides of a gRPC call `package.Service/Method`, as the collector's spanmetrics connector, Tempo's and Jaeger's
 * generators count them), or the one the client span's name names (Envoy names a proxied call's span after the
 * upstream cluster, `router <cluster> egress`). A caller whose calls fail where no callee's server side fails (a name
 * that does not resolve, a refused connection) has no answerer: its errors stay its own.
 */
export function answeredCallers(bundle: EvidenceBundle, onset: number): Map<string, AnsweredCall> {
  const spans = failingSpans(bundle, onset);
  const servers = spans.filter((s) => !s.outbound);
  const out = new Map<string, AnsweredCall>();
  for (const c of spans.filter((s) => s.outbound)) {
    if (out.has(c.service)) continue;
    const others = servers.filter((s) => s.service !== c.service);
    const same = others.find((s) => s.name === c.name);
    const named = same ? null : namedServices(c.name, new Set(others.map((s) => s.service)), { stems: false })[0];
    const callee = same?.service ?? named;
    if (callee) out.set(c.service, { callee, span: c.name });
  }
  return out;
}

/**
 * A caller's error logs re-read as its calls' errors when its callee failed those calls on its own side: the caller
 * logs the stack of every failure it renders, but the failure began where the server span failed. Its other signals
 * (resource pressure, its own latency) stay its own; `aliasOf` names services as the rest of the ranking does.
 */
export function relayAnsweredLogs(signals: ServiceSignal[], answered: Map<string, AnsweredCall>, aliasOf: (s: string) => string): ServiceSignal[] {
  if (answered.size === 0) return signals;
  const by = new Map([...answered].map(([caller, a]) => [aliasOf(caller), { ...a, callee: aliasOf(a.callee) }]));
  return signals.map((s) => {
    const a = s.kind === 'log_errors' ? by.get(s.service) : undefined;
    if (!a || a.callee === s.service) return s;
    return { ...s, kind: 'client_errors', what: `${s.what}; its calls ${a.span} failed on ${a.callee}'s own side too, so these are ${a.callee}'s errors relayed` };
  });
}
