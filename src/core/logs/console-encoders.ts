// What follows the level in two console encoders the general text rules misread: zap's tab-separated columns
// (`<time>\tERROR\t[logger\t]cart/store.go:91\tmsg\t{"error": ...}`) and Rust tracing's `cart_api::db: msg`.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { serviceFromLogger } from './logger-names.js';

type Rest = Omit<ParsedHead, 'time'>;

// zap's caller: a Go source position.
const CALLER = /^[\w.@/-]{1,200}\.go:\d{1,6}$/;
const RUST_TARGET = /^((?:[a-z_][\w]*::)+[a-z_]\w*): ([\s\S]*)$/;

/**
 * zap's console columns after the level (the tab after it already consumed): an optional logger, the caller, the
 * message, then the fields as JSON, whose `error` joins the message as in zap's JSON lines. Null when no caller column.
 */
export function zapConsole(text: string, level: LogLevel): Rest | null {
  const parts = text.split('\t');
  let k = 0;
  let logger: string | null = null;
  if (!CALLER.test(parts[0]!) && parts.length > 2 && CALLER.test(parts[1]!)) logger = parts[k++]!;
  if (!CALLER.test(parts[k] ?? '')) return noCaller(parts, level);
  const caller = parts[k++]!;
  let message = parts[k++] ?? '';
  const rest = parts.slice(k).join('\t');
  let fields: Record<string, unknown> = { caller, ...(logger ? { logger } : {}) };
  if (rest.startsWith('{')) {
    try {
      const obj = JSON.parse(rest) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        fields = { ...(obj as Record<string, unknown>), ...fields };
        const err = (obj as Record<string, unknown>).error;
        if (typeof err === 'string' && !message.includes(err)) message = `${message}: ${err}`;
      }
    } catch {
      message = `${message}\t${rest}`;
    }
  } else if (rest) message = `${message}\t${rest}`;
  return { level, service: logger ? serviceFromLogger(logger) : null, message, fields };
}

const LOGGER = /^[\w.-]{1,100}$/;

/**
 * zap's console with the caller turned off (controller-runtime operators: KEDA, cert-manager): `logger\tmsg\t{fields}`.
 * Only when the last column is a JSON object, so tab-separated text of other formats is left to the general rules; the
 * logger is kept as a field but names no service (`scaledobject`, `controller-runtime.metrics`).
 */
function noCaller(parts: string[], level: LogLevel): Rest | null {
  if (parts.length !== 3 || !LOGGER.test(parts[0]!) || !parts[2]!.startsWith('{')) return null;
  try {
    const obj = JSON.parse(parts[2]!) as unknown;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
    const err = (obj as Record<string, unknown>).error;
    const message = typeof err === 'string' && !parts[1]!.includes(err) ? `${parts[1]}: ${err}` : parts[1]!;
    return { level, service: null, message, fields: { ...(obj as Record<string, unknown>), logger: parts[0]! } };
  } catch {
    return null;
  }
}

/** `cart_api::db: msg` (Rust tracing's target, a module path): kept as the logger, which names no service. */
export function rustTarget(text: string, level: LogLevel): Rest | null {
  const m = RUST_TARGET.exec(text);
  return m ? { level, service: null, message: m[2]!, fields: { logger: m[1]! } } : null;
}
