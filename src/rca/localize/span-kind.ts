// Span metrics (the collector's spanmetrics connector, Tempo's and Jaeger's generators) put a caller's client spans and
// its own server spans under one name: the span_kind label says which side of a call a series measures.
import type { SignalKind } from './signal.js';

/** Span kinds that time or count a call to someone else: the callee's trouble as the caller saw it. */
const OUTBOUND = /^(span_kind_)?(client|producer)$/i;

/** The series measures outbound calls (a client or producer span), read from its span kind label. */
export function outboundSpan(labels: Record<string, string>): boolean {
  const k = labels.span_kind ?? labels['span.kind'];
  return k !== undefined && OUTBOUND.test(k);
}

/** A series' kind with its span kind applied: an outbound span's latency and errors are its calls', not its own. */
export function spanSideKind(kind: SignalKind, labels: Record<string, string>): SignalKind {
  if (!outboundSpan(labels)) return kind;
  return kind === 'latency' ? 'client_latency' : kind === 'errors' ? 'client_errors' : kind;
}
