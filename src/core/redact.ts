// Secret redaction for everything that leaves the process: text sent to a model, lines we print,
// rows we store. Patterns are deliberately broad: a false positive costs a word, a miss leaks a key.

export const REDACTED = '[REDACTED]';

const SECRET_KEY_WORDS =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth(?:orization)?|credentials?|private[_-]?key|client[_-]?secret|session[_-]?id|cookie|bearer|signature|sig)';

// A key names a secret when it ENDS with a secret word (db_password, apiKey, X-Auth-Token), optionally with a
// short suffix (secret_key_base, token_value): `auth.service` or `tokenizer_mode` are ordinary words.
const SECRET_KEY = `[A-Za-z0-9_.-]*?${SECRET_KEY_WORDS}s?(?:[_.-]?(?:base|value|hash|id|b64|key)){0,2}`;

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM private keys, whole block.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Credentials inside URLs and connection strings: scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`],
  // Authorization headers.
  [/\b(authorization\s*[:=]\s*)(?:bearer|basic|token)?\s*[^\s,;"']+/gi, (_m, head: string) => `${head}${REDACTED}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, (_m, head: string) => `${head}${REDACTED}`],
  // Well-known token shapes.
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{20,}\b/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, REDACTED], // JWT
  // key=value, key: value, "key": "value" where the key names a secret.
  [
    new RegExp(`(?<![A-Za-z0-9_.-])(["']?${SECRET_KEY}["']?\\s*[:=]\\s*)("[^"]*"|'[^']*'|[^\\s"',;&}]+)`, 'gi'),
    (_m, head: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return `${head}${quote}${REDACTED}${quote}`;
    },
  ],
];

/** Returns the text with secrets replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of PATTERNS) {
    out = out.replace(re, rep as never);
  }
  return out;
}

/** True when a variable or field name suggests it holds a secret (used for env maps and JSON keys). */
export function isSecretName(name: string): boolean {
  return new RegExp(`^${SECRET_KEY}$`, 'i').test(name) || /(^|_)(KEY|DSN|URL)$/i.test(name) && /(SECRET|PRIVATE|DATABASE|DB|DSN)/i.test(name);
}

/** Deep-redacts a JSON-like value: secret-named keys lose their values, strings are scanned. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretName(k) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactValue(v);
    }
    return out as T;
  }
  return value;
}
