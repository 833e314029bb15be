// Span metrics name a gRPC call's callee in the span name: OpenTelemetry's RPC conventions name a client span
// `$package.$service/$method` (oteldemo.CartService/AddItem), so a caller's client spans are edges of the call graph.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { outboundSpan } from './span-kind.js';

/** `package.Service/Method` (the package optional): the gRPC service is the part before the slash, after the last dot. */
const RPC_NAME = /^(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)\/[A-Za-z_]\w*$/;
/** Labels span metrics carry the calling service and the span's name in (Prometheus names of service.name, span.name). */
const CALLER = ['service_name', 'service'];
const SPAN = ['span_name', 'operation'];

/**
 * For each service with client spans named as gRPC calls, the gRPC services it calls, lower-cased as written
 * (`cartservice`): the localizer reads such a name as the measured service of the same stem (service-aliases.ts).
 * Server spans are the callee's own and name no edge; HTTP and database spans name no callee in their span name.
 */
export function rpcSpanGraph(bundle: EvidenceBundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of bundle.series) for (const s of c.data) {
    if (!outboundSpan(s.labels)) continue;
    const caller = CALLER.map((k) => s.labels[k]).find((v) => v);
    const span = SPAN.map((k) => s.labels[k]).find((v) => v);
    const callee = span ? RPC_NAME.exec(span)?.[1]?.toLowerCase() : undefined;
    if (!caller || !callee) continue;
    const from = normalizeService(caller);
    if (from === callee) continue;
    out.set(from, (out.get(from) ?? new Set()).add(callee));
  }
  return out;
}
