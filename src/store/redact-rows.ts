// Redaction of JSON before it is stored: every string is scanned and string values under secret-looking
// keys are replaced; numbers stay numbers, so counters such as prompt_tokens keep their schema type.
import { isSecretName, redact, REDACTED } from '../core/redact.js';

export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactJson(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = typeof v === 'string' && isSecretName(k) ? REDACTED : redactJson(v);
    }
    return out as T;
  }
  return value;
}
