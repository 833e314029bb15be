// Masking of variable parts before template mining: numbers, ids, hex, IPs, paths, URLs, quoted values.
// A token carrying a digit is a variable; `key=value` keeps its key so templates stay readable.
export const WILDCARD = '<*>';

// Punctuation kept around a masked token: leading `([{"'<`, trailing `)]}"',;:.>!?` (char loops: this runs per token
// of every kept log line, where the regexes cost more than the rest of the masking).
const isLead = (c: number) => c === 40 || c === 91 || c === 123 || c === 34 || c === 39 || c === 60;
const isTrail = (c: number) => c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 44 || c === 59 || c === 58 || c === 46 || c === 62 || c === 33 || c === 63;
const isWordStart = (c: number) => ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
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

/**
 * The key of `key=value` (`[A-Za-z_][A-Za-z_.-]*=`) or `key:value` (`[A-Za-z_][A-Za-z_-]*:`, no dot: a dotted name
 * before a colon is a host:port, masked whole), with something after it; else null.
 */
function keyOf(core: string): string | null {
  const n = core.length;
  if (!isWordStart(core.charCodeAt(0))) return null;
  let i = 1;
  let c = 0;
  while (i < n && (isWordStart((c = core.charCodeAt(i))) || c === 45 || c === 46)) i++;
  if (c === 61 && i < n - 1) return core.slice(0, i + 1);
  let j = 1;
  while (j < n && (isWordStart((c = core.charCodeAt(j))) || c === 45)) j++;
  return c === 58 && j < n - 1 ? core.slice(0, j + 1) : null;
}

function maskCore(core: string): string {
  if (core.length === 0) return core;
  if (hasDigit(core) || (PATHISH.test(core) && !ROUTE.test(core)) || EMAIL.test(core) || (core.length >= 16 && HEXWORD.test(core))) {
    const key = keyOf(core);
    return key === null ? WILDCARD : key + WILDCARD;
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
  let a = 0;
  while (a < token.length && isLead(token.charCodeAt(a))) a++;
  let b = token.length;
  while (b > a && isTrail(token.charCodeAt(b - 1))) b--;
  const core = token.slice(a, b);
  const masked = maskCore(core);
  return masked === core ? token : token.slice(0, a) + masked + token.slice(b);
}

/** Splits a message into masked tokens. Quoted strings without spaces count as one value. */
const QUOTED_VALUE = /([=:])(["'])[^"'\n]{0,200}\2/g;

export function tokenize(message: string): string[] {
  // key="any words" and key='...' are one value each.
  const text = message.includes('="') || message.includes("='") || message.includes(':"') ? message.replace(QUOTED_VALUE, `$1$2${WILDCARD}$2`) : message;
  const out: string[] = [];
  const n = text.length;
  // The runs between whitespace (`\s`, as split(/\s+/) cuts them) without the regex.
  for (let i = 0; i < n; ) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    const t = text.slice(start, i);
    // `a=1,b=2,c=3` is a list of fields, not one value: split after inner commas.
    if (t.indexOf(',') > 0 && t.indexOf('=') !== t.lastIndexOf('=') && t.indexOf(',') < t.length - 1) {
      for (const part of t.split(/(?<=,)(?=[^\s,])/)) out.push(maskToken(part));
    } else out.push(maskToken(t));
  }
  return out;
}

/** JavaScript's `\s`: ASCII blanks and line ends, and the Unicode spaces and line separators. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const DIGIT_RUNS = /[0-9]+/g;

/**
 * tokenize for the many messages that differ only in their numbers: keyed by the text with each run of digits
 * collapsed to one `0`. Every rule above gives the same tokens for both texts (a token with a digit keeps it, and is
 * masked to its digit-free key or `<*>`; the comma rule looks at positions that keep their order) except the
 * 200-character bound of a quoted value, so texts with quotes are tokenized as they come.
 */
export class TokenCache {
  private readonly shapes = new Map<string, { tokens: string[]; key: string }>();
  constructor(private readonly cap = 4096) {}

  /** tokenize(text), and its tokens joined by spaces. The tokens are shared: read only. */
  get(text: string): { tokens: string[]; key: string } {
    if (text.indexOf('"') >= 0 || text.indexOf("'") >= 0) return this.make(text);
    const shape = text.replace(DIGIT_RUNS, '0');
    let hit = this.shapes.get(shape);
    if (hit === undefined) {
      hit = this.make(text);
      if (this.shapes.size < this.cap) this.shapes.set(shape, hit);
    }
    return hit;
  }

  private make(text: string): { tokens: string[]; key: string } {
    const tokens = tokenize(text);
    return { tokens, key: tokens.join(' ') };
  }
}
