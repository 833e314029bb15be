// tokenize and maskToken cut and trim tokens with char loops instead of regexes (they run on every kept log line):
// their answers must be those of the regex rules they replace, kept here as the reference, on many generated texts.
import { describe, expect, it } from 'vitest';
import { maskToken, TokenCache, tokenize, WILDCARD } from '../../../src/core/logs/miner/mask.js';

// The regex rules as they were: leading/trailing punctuation, `key=value`/`key:value`, split on `\s+`.
const LEAD = /^[(\[{"'<]+/;
const TRAIL = /[)\]}"',;:.>!?]+$/;
const KEY_VALUE = /^([A-Za-z_][A-Za-z_.-]*=|[A-Za-z_][A-Za-z_-]*:)(.+)$/;
const PATHISH = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|\/[^/\s]*\/\S*|[A-Za-z]:\\\S*|~\/\S*)$/i;
const ROUTE = /^\/[A-Za-z_-]+(?:\/[A-Za-z_-]+){0,2}\/?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const HEXWORD = /^(?:[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const hasDigit = (s: string) => /[0-9]/.test(s);

function refCore(core: string): string {
  if (core.length === 0) return core;
  if (hasDigit(core) || (PATHISH.test(core) && !ROUTE.test(core)) || EMAIL.test(core) || (core.length >= 16 && HEXWORD.test(core))) {
    const kv = KEY_VALUE.exec(core);
    if (kv && !hasDigit(kv[1]!)) return kv[1]! + WILDCARD;
    return WILDCARD;
  }
  return core;
}

function refToken(token: string): string {
  if (!hasDigit(token) && token.length < 16 && !token.includes('/') && !token.includes('\\') && !token.includes('@')) return token;
  const lead = LEAD.exec(token)?.[0] ?? '';
  const rest = token.slice(lead.length);
  const trail = TRAIL.exec(rest)?.[0] ?? '';
  const core = rest.slice(0, rest.length - trail.length);
  const masked = refCore(core);
  return masked === core ? token : lead + masked + trail;
}

function refTokenize(message: string): string[] {
  const text = message.includes('="') || message.includes("='") || message.includes(':"') ? message.replace(/([=:])(["'])[^"'\n]{0,200}\2/g, `$1$2${WILDCARD}$2`) : message;
  const out: string[] = [];
  for (const t of text.split(/\s+/)) {
    if (t.length === 0) continue;
    if (t.indexOf(',') > 0 && t.indexOf('=') !== t.lastIndexOf('=') && t.indexOf(',') < t.length - 1) {
      for (const part of t.split(/(?<=,)(?=[^\s,])/)) out.push(refToken(part));
    } else out.push(refToken(t));
  }
  return out;
}

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Pieces that exercise every rule: punctuation both sides, keys with dots and dashes, colons, paths, mails, hex,
// every kind of JavaScript whitespace, non-ASCII.
const PIECES = ['a', 'Z', '_', '-', '.', '=', ':', '1', '42', '0x1f', 'deadbeefcafe1234', 'host', 'db.main', 'x-y', '/', '//', '\\', '@', 'mail@ex.com', 'http://h/p', '/api/cart', '/app/x.js', 'C:\\tmp', '~/f', '(', ')', '[', ']', '{', '}', '"', "'", '<', '>', ',', ';', '!', '?', 'é', '日本', '☕'] as const;
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b'] as const;

const KEYS = ['a', 'x_y', 'db.main', 'x-y', 'A.b-c_d', '_k', '9k', 'a b'] as const;

function token(): string {
  // Half of them shaped as `key=value` / `key:value`, the rest any mix of the pieces.
  if (rand() < 0.5) return `${pick(['', '(', '"', '[{'])}${pick(KEYS)}${pick(['=', ':', '==', '=:', ':='])}${rand() < 0.2 ? '' : pick(PIECES) + pick(PIECES)}${pick(['', ')', '",', '.'])}`;
  let t = '';
  for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) t += pick(PIECES);
  return t;
}

describe('mask without regexes', () => {
  it('masks every generated token as the regex rules do', () => {
    for (let i = 0; i < 40_000; i++) {
      const t = token();
      expect({ t, m: maskToken(t) }).toEqual({ t, m: refToken(t) });
    }
  });

  it('tokenizes every generated message as the regex rules do, whitespace of every kind included', () => {
    for (let i = 0; i < 8_000; i++) {
      let m = rand() < 0.3 ? pick(SPACES) : '';
      for (let k = Math.floor(rand() * 12); k > 0; k--) m += token() + pick(SPACES);
      if (rand() < 0.2) m += `key="${token()} ${token()}" n=${i},a=1,b=2`;
      expect({ m, t: tokenize(m) }).toEqual({ m, t: refTokenize(m) });
    }
  });

  it('keeps the rules that matter to templates', () => {
    expect(tokenize('upstream payments timed out after 4521ms host=10.0.3.7 (size=32, waiting=7)')).toEqual(['upstream', 'payments', 'timed', 'out', 'after', WILDCARD, `host=${WILDCARD}`, `(size=${WILDCARD},`, `waiting=${WILDCARD})`]);
    expect(tokenize('a.b=1 a.b:1 a-b:1')).toEqual([`a.b=${WILDCARD}`, WILDCARD, `a-b:${WILDCARD}`]);
    expect(tokenize('db.main:5432 user:42 GET /api/cart /app/x.js:4')).toEqual([WILDCARD, `user:${WILDCARD}`, 'GET', '/api/cart', WILDCARD]);
  });
});

describe('TokenCache', () => {
  it('gives tokenize of each text, for texts that share their shape but not their numbers', () => {
    const cache = new TokenCache(64);
    const shapes = ['upstream payments timed out after 1ms host=10.0.1.2', 'pool (size=3, waiting=4) a=1,b=22,c=333', 'GET /api/v1/items/12 200 3ms', 'x1y2 1x 12345678901234567 0xff deadbeef12', 'db.main:5432 user:42 /app/x.js:4', 'a=1 a.b=2 a-b:3 9k=4'];
    for (let i = 0; i < 20_000; i++) {
      // Numbers of every length (a run of digits may grow a token past 16 characters, or shrink it), or none.
      const text = pick(shapes).replace(/[0-9]+/g, () => (rand() < 0.1 ? '' : String(Math.floor(rand() * 10 ** Math.floor(rand() * 12)))));
      const quoted = i % 7 === 0 ? `${text} msg="${'y'.repeat(190 + (i % 20))} ${i}"` : text;
      const got = cache.get(quoted);
      expect({ quoted, tokens: got.tokens, key: got.key }).toEqual({ quoted, tokens: tokenize(quoted), key: tokenize(quoted).join(' ') });
    }
  });
});
