// Key lookup in JSON and logfmt records: a dotted key also read nested (ECS' `{"log": {"level": ...}}`), the first
// non-empty value of a key list, and the one-line error keys every record format appends to its message.

// One-line error detail appended to the message, so templates and examples show it.
export const ERROR_KEYS = ['error', 'err', 'error.message', 'errorMessage', 'reason'];

export function lookup(obj: Record<string, unknown>, k: string): unknown {
  const v = obj[k];
  if (v !== undefined) return v;
  // Nested ECS style: {"log": {"level": "error"}}, {"service": {"name": "x"}}.
  const dot = k.indexOf('.');
  if (dot < 0) return undefined;
  const outer = obj[k.slice(0, dot)];
  return outer && typeof outer === 'object' ? (outer as Record<string, unknown>)[k.slice(dot + 1)] : undefined;
}

export function pick(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    const v = lookup(obj, k);
    if (v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && !('name' in v))) return v;
  }
  return undefined;
}
