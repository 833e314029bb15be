// Prometheus's JSON number text (Go strconv 'f', -1: shortest round-trip, never exponent notation) and its
// ordering of result series, so file results read exactly like the HTTP API's.

export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  // Only JavaScript's exponent notation needs rewriting; most values have none and skip the regex.
  if (s.indexOf('e') < 0) return s;
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead! + frac;
  const exp = Number(expText);
  if (exp >= 0) return sign + digits.padEnd(exp + 1, '0');
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Orders series like Prometheus's labels.Compare: label by label in name order, then by count. */
export function compareLabelSets(a: Record<string, string>, b: Record<string, string>): number {
  return compareSortedLabelSets(a, Object.keys(a).sort(), b, Object.keys(b).sort());
}

/** compareLabelSets with each set's names already sorted (ka, kb). */
export function compareSortedLabelSets(a: Record<string, string>, ka: string[], b: Record<string, string>, kb: string[]): number {
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    const va = a[ka[i]!]!;
    const vb = b[kb[i]!]!;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}
