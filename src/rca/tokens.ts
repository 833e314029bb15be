// Word tokens for relevance scoring: identifiers are split (QueuePool, pool_size, handleCheckout),
// words are stemmed lightly and noise words dropped, so log text and diffs meet on shared stems.
import { REDACTED } from '../core/redact.js';

const STOP = new Set(
  `a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its
  me my no nor not of off on once only or our out over own same she so some such than that the their them then there these
  they this those through to too under until up very was we were what when where which while who whom why will with would you
  your after before during again against all any both each few more most other above below between down further here just
  now also via per yet
  error errors err fail failed failure exception warn warning info debug trace fatal level msg message log logs logger
  unhandled caught throw thrown raise raised traceback stack line lines file files
  async await function func def class self this const let var return import export from require module modules new
  true false null none nil undefined void public private static final string int bool
  src lib app apps main index node js ts jsx tsx mjs cjs py go rb java kt rs cs cpp yaml yml json toml ini cfg conf md txt
  http https www com org net get post put patch delete head options api v1 v2 v3 req request requests res response id ids
  ms sec secs second seconds minute minutes hour hours user users service services server
  internal local localhost svc cluster pkg cmd`.split(/\s+/),
);

/** Splits identifiers into words: camelCase, PascalCase, snake_case, kebab-case, dotted and slashed paths. */
export function splitIdentifiers(text: string): string[] {
  return text
    .replace(/\btim(?:ed|e)[ _-]?out\b/gi, 'timeout') // "timed out" and "timeout_ms" meet
    .replace(/(\d)([a-zA-Z]{1,3})\b/g, '$1 $2') // a value and its unit: "40ms", "512MB"
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A light stemmer: enough to meet "connections"/"connection", "exhausted"/"exhaustion", "handlers"/"handler". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (/^\d+$/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ation', 'ion', 'ing', 'ed', 'er', 'ment']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export interface TokenOptions {
  /** Keep numbers of 2 to 6 digits (pool sizes, limits, ports); longer ones are ids and times. */
  numbers?: boolean;
  /** Extra words to drop (service names, which every commit of the service's repo shares). */
  exclude?: ReadonlySet<string>;
  /** Filled with the first word as written for each stem (lower-cased). */
  surface?: Map<string, string>;
}

/** Distinct stems of the meaningful words of a text. */
export function tokenize(text: string, opts: TokenOptions = {}): Set<string> {
  const out = new Set<string>();
  // A redaction marker is where a secret was, not a word: two texts do not share it as a meaning.
  for (const raw of splitIdentifiers(text.replaceAll(REDACTED, ' '))) {
    const lower = raw.toLowerCase();
    if (/^\d+$/.test(lower)) {
      if (opts.numbers && lower.length >= 2 && lower.length <= 6 && !/^0/.test(lower)) out.add(lower);
      continue;
    }
    if (/\d/.test(lower) || lower.length < 3 || STOP.has(lower)) continue;
    if (/^[0-9a-f]{8,}$/.test(lower)) continue; // hex ids and hashes
    const s = stem(lower);
    if (STOP.has(s) || opts.exclude?.has(s) || opts.exclude?.has(lower)) continue;
    out.add(s);
    if (opts.surface && !opts.surface.has(s)) opts.surface.set(s, lower);
  }
  return out;
}

/** The stems of a set of names (services, hosts), for use as `exclude`. */
export function stemsOf(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const n of names) for (const w of splitIdentifiers(n)) out.add(stem(w.toLowerCase())).add(w.toLowerCase());
  return out;
}
