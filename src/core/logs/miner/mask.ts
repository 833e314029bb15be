// Masking of variable parts before template mining: numbers, ids, hex, IPs, paths, URLs, quoted values.
// A token carrying a digit is a variable; `key=value` keeps its key so templates stay readable.
export const WILDCARD = '<*>';

const LEAD = /^[(\[{"'<]+/;
const TRAIL = /[)\]}"',;:.>!?]+$/;
// `key=value` or `key:value`; a dotted name before a colon is a host:port, masked whole.
const KEY_VALUE = /^([A-Za-z_][A-Za-z_.-]*=|[A-Za-z_][A-Za-z_-]*:)(.+)$/;
const PATHISH = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|\/[^/\s]*\/\S*|[A-Za-z]:\\\S*|~\/\S*)$/i;
// Short route-like paths (`/api/checkout`) name the event; file paths (extension, deep) are values.
const ROUTE = /^\/[A-Za-z_-]+(?:\/[A-Za-z_-]+){0,2}\/?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const HEXWORD = /^(?:[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function maskCore(core: string): string {
  if (core.length === 0) return core;
  if (hasDigit(core) || (PATHISH.test(core) && !ROUTE.test(core)) || EMAIL.test(core) || (core.length >= 16 && HEXWORD.test(core))) {
    const kv = KEY_VALUE.exec(core);
    if (kv && !hasDigit(kv[1]!)) return kv[1]! + WILDCARD;
    return WILDCARD;
  }
  return core;
}

/** True for tokens that are a wildcard with at most punctuation around it: `<*>`, `(<*>)`, `<<*>,`. */
export function isWildcardLike(token: string): boolean {
  if (token === WILDCARD) return true;
  const at = token.indexOf(WILDCARD);
  if (at < 0) return false;
  const rest = token.slice(0, at) + token.slice(at + WILDCARD.length);
  return /^[^A-Za-z0-9]*$/.test(rest);
}

/** Masks one whitespace-separated token, keeping surrounding punctuation. */
export function maskToken(token: string): string {
  if (!hasDigit(token) && token.length < 16 && !token.includes('/') && !token.includes('\\') && !token.includes('@')) return token;
  const lead = LEAD.exec(token)?.[0] ?? '';
  const rest = token.slice(lead.length);
  const trail = TRAIL.exec(rest)?.[0] ?? '';
  const core = rest.slice(0, rest.length - trail.length);
  const masked = maskCore(core);
  return masked === core ? token : lead + masked + trail;
}

/** Splits a message into masked tokens. Quoted strings without spaces count as one value. */
const QUOTED_VALUE = /([=:])(["'])[^"'\n]{0,200}\2/g;

export function tokenize(message: string): string[] {
  // key="any words" and key='...' are one value each.
  const text = message.includes('="') || message.includes("='") || message.includes(':"') ? message.replace(QUOTED_VALUE, `$1$2${WILDCARD}$2`) : message;
  const raw = text.split(/\s+/);
  const out: string[] = [];
  for (const t of raw) {
    if (t.length === 0) continue;
    // `a=1,b=2,c=3` is a list of fields, not one value: split after inner commas.
    if (t.indexOf(',') > 0 && t.indexOf('=') !== t.lastIndexOf('=') && t.indexOf(',') < t.length - 1) {
      for (const part of t.split(/(?<=,)(?=[^\s,])/)) out.push(maskToken(part));
    } else out.push(maskToken(t));
  }
  return out;
}
