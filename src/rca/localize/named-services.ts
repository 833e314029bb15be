// Which known services a piece of text names, read the way people write them: "the frontend" for front-end, "Cart
// Service" for cartservice, "checkout" for shop-checkout-service; forgiving on spelling, never ambiguous.

/**
 * Endings that only say "this is a service", so "checkout" names checkout-svc. Role words (worker, web, ui, db, cache,
 * proxy, gateway) stay: orders-db is not the orders service, and stripping them would make the two one stem.
 */
export const SUFFIXES = new Set(['service', 'svc', 'srv', 'server', 'api', 'app']);
/** Only long endings are stripped when glued on ("checkoutservice"); a glued "api" or "app" ends ordinary words. */
export const GLUED = ['service', 'server'];
/**
 * Words incident texts use in their everyday sense ("users report errors", "the site is slow"): a name or stem equal
 * to one counts only with a service word after it ("the users service", "user-api").
 */
const STOP = new Set(['service', 'server', 'system', 'site', 'web', 'app', 'api', 'user', 'customer', 'client', 'request', 'error']);
const MIN_NAME = 3;
const MIN_STEM = 4;

interface Token { word: string; start: number; end: number; glued: boolean }
interface Form { service: string; key: string; stem: boolean; exact: boolean }

/**
 * Known services the text names (as given), in the order the text names them; longest forms claim their words first.
 * `stems: false` reads whole names only: log text uses "price" or "order" as nouns, not as the service's name.
 */
export function namedServices(text: string, known: Iterable<string>, opts: { stems?: boolean } = {}): string[] {
  const names = [...new Set(known)];
  const prefix = sharedPrefix(names);
  const words = tokens(text);
  const taken = new Set<number>();
  const found: Array<[number, string]> = [];
  for (const f of formsOf(names, prefix).filter((f) => opts.stems !== false || !f.stem)) {
    for (let i = 0; i < words.length; i++) {
      const end = spanEnd(words, i, f);
      if (end < 0) continue;
      let [from, to] = [i, end];
      if (f.stem) from = before(words, from, prefix);
      // A service word after it belongs to it ("checkout api"), unless it starts another identifier ("api-gateway").
      const next = words[to + 1];
      const suffixed = next !== undefined && SUFFIXES.has(singular(next.word)) && !words[to + 2]?.glued;
      if (suffixed) to++;
      // A part of a longer identifier ("order" in order-other, "train" in TrainTicket) names nothing.
      if (words[from]!.glued || words[to + 1]?.glued) continue;
      if (STOP.has(singular(f.key)) && !suffixed) continue;
      const raw = text.slice(words[i]!.start, words[end]!.end).toLowerCase();
      if (f.exact && raw !== f.service.toLowerCase()) continue;
      if (range(from, to).some((k) => taken.has(k))) continue;
      range(from, to).forEach((k) => taken.add(k));
      found.push([from, f.service]);
    }
  }
  return [...new Set(found.sort((a, b) => a[0] - b[0]).map(([, s]) => s))];
}

/** The last names' forms: the engine asks about every log signature with the same known services. */
let lastForms: { key: string; forms: Form[] } | null = null;

/** forms() of the names, reused while they stay the same (the forms are only read, never changed). */
function formsOf(names: string[], prefix: string): Form[] {
  const key = `${prefix}\u0001${names.join('\u0000')}`;
  if (lastForms?.key !== key) lastForms = { key, forms: forms(names, prefix) };
  return lastForms.forms;
}

/** Each name's forms, longest first: the whole name without separators, and its stem when no other name shares it. */
function forms(names: string[], prefix: string): Form[] {
  const owners = new Map<string, Set<string>>();
  const own = (k: string, s: string) => owners.set(k, (owners.get(k) ?? new Set()).add(s));
  const stems = new Map(names.map((n) => [n, stemOf(n, prefix)]));
  for (const n of names) {
    own(`=${key(n)}`, n);
    own(`~${singular(key(n))}`, n);
    own(`~${stems.get(n)!}`, n);
  }
  const out: Form[] = [];
  for (const n of names) {
    // Two names that differ only in separators (front-end, front_end) are told apart by their spelling alone.
    if (key(n).length >= MIN_NAME) out.push({ service: n, key: key(n), stem: false, exact: owners.get(`=${key(n)}`)!.size > 1 });
    const st = stems.get(n)!;
    if (st.length >= MIN_STEM && owners.get(`~${st}`)!.size === 1) out.push({ service: n, key: st, stem: true, exact: false });
  }
  return out.sort((a, b) => b.key.length - a.key.length || Number(a.stem) - Number(b.stem));
}

/** The name without one service ending and the prefix all names share, separators dropped, singular. */
function stemOf(name: string, prefix: string): string {
  let parts = name.toLowerCase().split(/[-_.\s]+/).filter(Boolean);
  const ending = parts.length > 1 && SUFFIXES.has(parts.at(-1)!) ? parts.pop() : undefined;
  // The shared first segment is a namespace only where more follows it (shop-cart-api, not checkout-api).
  if (prefix && parts.length > 1) parts = parts.slice(1);
  const last = parts.at(-1)!;
  const glued = ending === undefined ? GLUED.find((g) => last.endsWith(g) && last.length > g.length) : undefined;
  if (glued) parts[parts.length - 1] = last.slice(0, -glued.length);
  return singular(parts.join(''));
}

/**
 * The first segment ("ts-", "shop-") when every known name starts with it; two names sharing one (payment-gateway,
 * payment-ledger) more likely share a domain than a namespace, so it takes three.
 */
function sharedPrefix(names: string[]): string {
  const first = names[0]?.toLowerCase().match(/^[a-z0-9]+[-_.]/)?.[0];
  if (!first || names.length < 3) return '';
  return names.every((n) => n.toLowerCase().startsWith(first)) ? first : '';
}

/** The last word of a span starting at `i` whose words joined spell the form's key, or -1. */
function spanEnd(words: Token[], i: number, f: Form): number {
  let acc = '';
  for (let j = i; j < words.length && acc.length < f.key.length + 1; j++) {
    acc += words[j]!.word;
    if (acc === f.key || (f.stem && singular(acc) === f.key)) return j;
  }
  return -1;
}

/** Moves a stem's start back over the shared prefix written before it ("shop checkout"). */
function before(words: Token[], i: number, prefix: string): number {
  const p = key(prefix);
  return p && i > 0 && words[i - 1]!.word === p ? i - 1 : i;
}

/** Lower-case words; `glued` when joined to the previous word by - or _ or a camelCase step (one identifier). */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    let at = m.index;
    const joined = at > 1 && /[-_]/.test(text[at - 1]!) && /[A-Za-z0-9]/.test(text[at - 2]!);
    m[0].split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).forEach((w, k) => {
      out.push({ word: w.toLowerCase(), start: at, end: at + w.length, glued: k > 0 || joined });
      at += w.length;
    });
  }
  return out;
}

const key = (s: string) => s.toLowerCase().replace(/[-_.\s]+/g, '');
const singular = (w: string) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
