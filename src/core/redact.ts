// Secret redaction for everything that leaves the process: text sent to a model, lines we print, rows we store.
// Finds secret VALUES (secretlint's preset plus our rules) and replaces only them, so keys and JSON stay intact.
import { patternSecretSpans, isSecretName } from './secret-patterns.js';
import { presetSecretSpans, type SecretSpan } from './secret-preset.js';

export { isSecretName };
export const REDACTED = '[REDACTED]';

// A replacement never crosses a line (real or JSON-escaped) or a quote: a secret is one token, and stopping there
// keeps JSON parseable and every line of evidence after it (redacting escaped text twice must delete nothing).
const BOUNDARY = /\r?\n|(?:\\+r)?\\+n|\\+[rt]|\\*"/g;
const PEM_ARMOR = /-----(?:BEGIN|END)[A-Z0-9 ]*-----/g;

interface Cut {
  start: number;
  end: number;
}

/** The parts of a span to replace: the first line of a one-line secret; each body line of a PEM block. */
function cuts(text: string, span: SecretSpan): Cut[] {
  if (span.exact) return [span];
  const pieces: Cut[] = [];
  let from = span.start;
  BOUNDARY.lastIndex = span.start;
  for (let m = BOUNDARY.exec(text); m && m.index < span.end; m = BOUNDARY.exec(text)) {
    pieces.push({ start: from, end: m.index });
    from = m.index + m[0].length;
    if (!span.multiline) break;
  }
  if (span.multiline || pieces.length === 0) pieces.push({ start: from, end: span.end });
  if (!span.multiline) return pieces.slice(0, 1);
  // In a PEM block keep the armor lines (they say what was there) and a diff's +/space line marker.
  const out: Cut[] = [];
  for (const p of pieces) {
    let at = p.start;
    const line = text.slice(p.start, p.end);
    const parts: Cut[] = [];
    for (const a of line.matchAll(PEM_ARMOR)) {
      parts.push({ start: at, end: p.start + a.index });
      at = p.start + a.index + a[0].length;
    }
    parts.push({ start: at, end: p.end });
    for (const part of parts) {
      const s = text.slice(part.start, part.end);
      const lead = /^[+ \t]*/.exec(s)![0].length;
      const trail = /[ \t]*$/.exec(s)![0].length;
      if (s.length - lead - trail > 0) out.push({ start: part.start + lead, end: part.end - trail });
    }
  }
  return out;
}

/** Returns the text with secret values replaced by [REDACTED]; idempotent, and JSON text stays valid JSON. */
export function redact(text: string): string {
  if (text.length < 6) return text;
  const spans = [...presetSecretSpans(text), ...patternSecretSpans(text)];
  if (spans.length === 0) return text;
  const all = spans.flatMap((s) => cuts(text, s)).filter((c) => c.end > c.start);
  all.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let open: Cut | null = null;
  for (const c of [...all, { start: Infinity, end: Infinity }]) {
    if (open && c.start < open.end) {
      open.end = Math.max(open.end, c.end); // overlapping finds become one replacement
      continue;
    }
    if (open) {
      out += text.slice(at, open.start) + REDACTED;
      at = open.end;
    }
    open = { ...c };
  }
  return out + text.slice(at);
}

/** Deep-redacts a JSON-like value: string values under secret-looking keys are replaced, every string is scanned;
 *  numbers and booleans stay as they are, so counters such as prompt_tokens keep their type. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = typeof v === 'string' && v !== '' && isSecretName(k) ? REDACTED : redactValue(v);
    }
    return out as T;
  }
  return value;
}
