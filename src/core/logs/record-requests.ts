// The request of an access record (nginx's JSON, Caddy, Kong, Azure Application Gateway) and the envelope some
// platforms wrap records in: what a record that carries a request instead of a message says.
import { ERROR_KEYS, lookup, pick } from './record-keys.js';

// Kong nests its response (`response.status`); Azure Application Gateway says `httpStatus` (in the record's properties).
export const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'http_status', 'http.status_code', 'http.response.status_code', 'response_status', 'response.status', 'httpStatus'];

/** JSON access logs (nginx `log_format ... escape=json`, ALB, Envoy) carry a request instead of a message. */
export function requestLine(obj: Record<string, unknown>): string | null {
  const request = lookup(obj, 'request') ?? lookup(obj, 'http.request.line');
  // Caddy nests the request: `request: {method, uri, host}`.
  const method = lookup(obj, 'method') ?? lookup(obj, 'request_method') ?? lookup(obj, 'http.request.method') ?? lookup(obj, 'http.method') ?? lookup(obj, 'request.method') ?? lookup(obj, 'httpMethod');
  const path = lookup(obj, 'path') ?? lookup(obj, 'uri') ?? lookup(obj, 'request_uri') ?? lookup(obj, 'url') ?? lookup(obj, 'url.path') ?? lookup(obj, 'http.url') ?? lookup(obj, 'request.uri') ?? lookup(obj, 'requestUri');
  const status = pick(obj, STATUS_KEYS);
  const req = typeof request === 'string' ? request : typeof method === 'string' && typeof path === 'string' ? `${method} ${path}` : null;
  if (!req) return null;
  return status !== undefined && typeof status !== 'object' ? `${req} ${String(status)}` : req;
}

// An access record's fixed wording ("handled request", "request completed"), which names no request.
export const GENERIC_ACCESS = /^(handled |served |completed |finished )?(http )?(request|access|response)( (handled|served|completed|finished|done|log))?\.?$/i;

/**
 * A text record's message (hclog's, klog's) with what a JSON record's would carry: the request of a fixed access
 * wording and the one-line error, from the record's key=value pairs.
 */
export function pairsMessage(message: string, pairs: Record<string, unknown>): string {
  let out = message;
  if (GENERIC_ACCESS.test(out)) {
    const req = requestLine(pairs);
    if (req) out = `${out}: ${req}`;
  }
  const err = pick(pairs, ERROR_KEYS);
  return err !== undefined && typeof err !== 'object' && !out.includes(String(err)) ? `${out}: ${String(err)}` : out;
}

/**
 * Azure resource logs (Application Gateway's access log, Front Door's, a Function's) wrap the record in an envelope:
 * `{time, resourceId, operationName, category, properties: {...}}`. The properties are read as the record's own keys
 * (the envelope's time first); the envelope's `category` names a log, not a service.
 */
export function azureView(obj: Record<string, unknown>): Record<string, unknown> {
  const p = obj.properties;
  if (!p || typeof p !== 'object' || Array.isArray(p) || typeof obj.resourceId !== 'string' || typeof obj.category !== 'string') return obj;
  const { category: _category, properties: _properties, ...envelope } = obj;
  return { ...(p as Record<string, unknown>), ...envelope };
}
