// The trace context Java services print after the level: Spring Cloud Sleuth's `[app,traceId,spanId]` (and its older
// `[app,traceId,spanId,exportable]`), read as the service and the request's trace and span ids, not as one service name.

// Ids are hex (64- or 128-bit trace, 64-bit span); both are empty outside a request (`[app,,]`).
const SLEUTH = /^\[([\w.-]{1,80})?,([0-9a-fA-F]{16,32})?,([0-9a-fA-F]{16})?(?:,(?:true|false))?\]\s+/;

export interface TraceContext {
  service: string | null;
  fields: Record<string, string>;
  /** Where the rest of the line starts (past the bracket and its spaces). */
  end: number;
}

/** The Sleuth bracket at the start of `text`, or null when there is none. */
export function sleuthContext(text: string): TraceContext | null {
  if (text.charCodeAt(0) !== 91) return null;
  const m = SLEUTH.exec(text);
  if (!m) return null;
  const fields: Record<string, string> = {};
  if (m[2]) fields.trace_id = m[2].toLowerCase();
  if (m[3]) fields.span_id = m[3].toLowerCase();
  return { service: m[1] ?? null, fields, end: m[0].length };
}
