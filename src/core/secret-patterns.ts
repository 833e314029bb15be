// Our own secret shapes, for what secretlint's preset does not look for in logs and tool output: values after
// secret-named keys and flags, Authorization headers, JWTs, Azure keys, webhooks, truncated PEM blocks.
import type { SecretSpan } from './secret-preset.js';

// Words that make a key name a secret when the name ENDS with one (db_password, apiKey, X-Auth-Token),
// optionally followed by a short suffix (secret_key_base, token_value): `auth.service`, `tokenizer_mode`,
// `max_tokens` and `signatures` are ordinary names.
const SECRET_WORDS =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|' +
  'auth(?:orization)?|credentials?|private[_-]?key|client[_-]?secret|secret[_-]?id|session[_-]?id|cookie|bearer|signature|sig)';
export const SECRET_KEY = `[A-Za-z0-9_.-]*?${SECRET_WORDS}(?:[_.-]?(?:base|value|hash|b64|key)){0,2}`;

// A value: a JSON-escaped string (inside JSON text), a quoted string, or a bare run that stops at separators
// and at the start of a JSON escape, so a value never swallows the next (escaped) line.
const ESCAPED_QUOTED = String.raw`\\+"((?:[^"\\]|\\+(?!"))*?)\\+"`;
const QUOTED = String.raw`"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'`;
const BARE = String.raw`(?<bare>(?:[^\s"'\\,;&}\])]|\\(?![nrt"\\/u]))+)`;
const VALUE = `(?:${ESCAPED_QUOTED}|${QUOTED}|${BARE})`;

// Values that are not secrets: references to one ($VAR, {{ template }}), structure, placeholders, paths.
const NOT_A_SECRET = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*|[[{(<].*|true|false|null|none|nil|undefined|\*+|x+|\[REDACTED\]|\/[A-Za-z][^\s]*\/.*)$/i;

// `hint` is a cheap test every match must pass (a literal the pattern requires): most lines skip most rules.
type Rule = { re: RegExp; hint: RegExp; multiline?: boolean; skip?: (m: RegExpMatchArray) => boolean };

// An Authorization header's scheme word is not the credential; the header rule below takes the one after it.
const AUTH_SCHEME = /^(?:bearer|basic|digest|negotiate|bot|token|apikey|sso-key)$/i;

// Keys that are also ordinary words in log text ("auth: login failed", "auth=ok", "token: expired"): a short
// lower-case word after them is prose or a status, never a credential (real tokens carry digits or length).
const AMBIGUOUS_KEY = /^(?:auth|token|cookie|signature|sig|bearer|credentials?|id)$/i;
const notAKeyValue = (m: RegExpMatchArray): boolean =>
  AUTH_SCHEME.test(m.groups?.bare ?? '') ||
  // After a JSON key an unquoted value is a number or a literal ("auth": 8 counts lines of a service called auth).
  (m.groups?.q !== undefined && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(m.groups?.bare ?? '')) ||
  ((AMBIGUOUS_KEY.test(lastWord(m.groups?.key ?? '')) || (m.groups?.sep === ':' && /^secret$/i.test(lastWord(m.groups?.key ?? '')))) &&
    /^[a-z]{1,11}$/.test(m.groups?.bare ?? ''));
// `inventory.auth`, `x-auth`, `sessionToken`: the word that makes the name look like a secret is the last one.
const lastWord = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s._-]+/).pop() ?? key;

// Each rule's LAST matched capture group (or the whole match) is the secret value: name groups come first.
const RULES: Rule[] = [
  // key=value, key: value, "key": "value", key => 'value' where the key names a secret.
  {
    re: new RegExp(String.raw`(?<![A-Za-z0-9_.-])(?<q>\\*")?\\*'?(?<key>${SECRET_KEY})\\*["']?\s*(?<sep>:|=>?)\s*${VALUE}`, 'gi'),
    hint: /pass|pwd|secret|token|key|auth|credential|session|cookie|bearer|sig/i,
    skip: notAKeyValue,
  },
  // Command-line flags: --password hunter2, --db-password=x, --api-key x, --token x.
  { re: new RegExp(String.raw`(?<![\w-])--?(?:[a-z0-9]+[-_])*(?:password|passwd|pass|token|secret|api-?key|access-?key|secret-?key|client-?secret)(?:=|\s+)(?:'([^'\n]+)'|"([^"\n]+)"|([^\s'"\\-][^\s'"\\]*))`, 'gi'), hint: /--?[\w-]*(?:pass|token|secret|key)/i },
  // mysql -pSECRET (no space: the only form mysql accepts inline).
  { re: /\bmysql(?:dump|admin)?\b[^\n]*?\s-p([^\s'"\\-][^\s'"\\]*)/g, hint: /mysql/ },
  // Credentials inside URLs and connection strings: scheme://user:pass@host (only the password).
  { re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"'\\]*:([^\s@/"'\\]+)@/gi, hint: /:\/\/[^\s]*@/ },
  // Authorization headers and bare bearer tokens.
  { re: /\b(?:proxy-)?authorization\s*[:=]\s*\\?"?(?:(?:bearer|basic|token|digest|bot|apikey|sso-key|negotiate)\s+)?([^\s,;"'\\]+)/gi, hint: /authorization/i },
  { re: /\bbearer\s+([A-Za-z0-9._~+/-]{8,}=*)(?![\w=])/gi, hint: /bearer/i },
  // Well-known token shapes, looser than the preset's exact lengths (truncated or older formats still leak).
  { re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g, hint: /A3T|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA/ },
  { re: /\bgh[pousr]_[A-Za-z0-9_]{30,}/g, hint: /gh[pousr]_/ },
  { re: /\bgithub_pat_[A-Za-z0-9_]{30,}/g, hint: /github_pat_/ },
  { re: /\bglpat-[A-Za-z0-9_-]{20,}/g, hint: /glpat-/ },
  { re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, hint: /xox/ },
  { re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g, hint: /k_(?:live|test)_/ },
  { re: /\bsk-[A-Za-z0-9_-]{20,}/g, hint: /sk-/ },
  { re: /\bnpm_[A-Za-z0-9]{30,}/g, hint: /npm_/ },
  { re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, hint: /SG\./ },
  { re: /\bAIza[0-9A-Za-z_-]{35}/g, hint: /AIza/ },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, hint: /eyJ/ },
  { re: /\bkey-[0-9a-f]{32}\b/g, hint: /key-/ }, // Mailgun
  { re: /\bSK[0-9a-f]{32}\b/g, hint: /SK/ }, // Twilio API key
  { re: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g, hint: /hv[sbr]\./ }, // HashiCorp Vault
  { re: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g, hint: /dckr_pat_/ },
  // Webhook URLs are bearer credentials: keep the host, hide the path.
  { re: /\bhttps:\/\/hooks\.slack\.com\/((?:services|workflows|triggers)\/[A-Za-z0-9/_-]+)/g, hint: /hooks\.slack\.com/ },
  { re: /\bhttps:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/([0-9]+\/[A-Za-z0-9_-]+)/g, hint: /discord/ },
  { re: /\bhttps:\/\/[a-z0-9-]+\.webhook\.office\.com\/([^\s"'\\]+)/g, hint: /webhook\.office\.com/ },
  // PEM private keys, complete or cut off: the body lines (base64, headers), plain or JSON-escaped, in a diff too.
  {
    re: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:(?:\r?\n|(?:\\+r)?\\+n|[ \t]+)[+ ]?(?:[A-Za-z0-9+/=]{1,200}|(?:Proc-Type|DEK-Info|Comment):[^\n\\]*)(?=\r?\n|\\+[rn]|[ \t]|$|-----))*(?:(?:\r?\n|(?:\\+r)?\\+n|[ \t]+)[+ ]?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?/g,
    hint: /PRIVATE KEY/,
    multiline: true,
  },
].map((r) => ({ ...r, re: new RegExp(r.re.source, `${r.re.flags}d`) }));

/** Where our own rules find secret values in `text`. */
export function patternSecretSpans(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const { re, hint, multiline, skip } of RULES) {
    if (!hint.test(text)) continue;
    for (const m of text.matchAll(re)) {
      if (skip?.(m)) continue;
      let start = m.index;
      let end = start + m[0].length;
      for (let g = m.length - 1; g >= 1; g -= 1) {
        const at = m.indices?.[g];
        if (m[g] !== undefined && at) {
          [start, end] = at;
          break;
        }
      }
      if (end <= start || NOT_A_SECRET.test(text.slice(start, end))) continue;
      // A quoted value's extent is known (escaped quotes inside it belong to it): replace it whole.
      const quoted = m.groups?.bare === undefined && m.groups?.key !== undefined;
      out.push(multiline ? { start, end, multiline } : quoted ? { start, end, exact: true } : { start, end });
    }
  }
  return out;
}

/** True when a variable or field name suggests it holds a secret (env maps and JSON keys). */
export function isSecretName(name: string): boolean {
  return (
    new RegExp(`^${SECRET_KEY}$`, 'i').test(name) ||
    (/(^|_)(KEY|DSN|URL|URI)$/i.test(name) && /(SECRET|PRIVATE|DATABASE|DB|DSN|WEBHOOK)/i.test(name))
  );
}
