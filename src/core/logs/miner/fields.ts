// Splits the start of a log line into header-candidate fields: whitespace-separated tokens, with a
// bracketed group (`[Sun Dec 04 04:47:44 2005]`, `[req-1 - - -]`) kept as one field.
export interface Field {
  text: string;
  end: number; // index in the line just after the field
}

export function splitFields(line: string, max = 14): Field[] {
  const out: Field[] = [];
  let i = 0;
  const n = line.length;
  while (i < n && out.length < max) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const start = i;
    if (line[i] === '[') {
      let depth = 0;
      let j = i;
      for (; j < n && j - i < 400; j++) {
        const c = line[j];
        if (c === '[') depth++;
        else if (c === ']' && --depth === 0) break;
      }
      if (depth === 0 && j < n) {
        i = j + 1;
        // `[x]:` or `[x],` stay one field.
        while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
        out.push({ text: line.slice(start, i), end: i });
        continue;
      }
    }
    while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
    out.push({ text: line.slice(start, i), end: i });
  }
  return out;
}

const MONTH_OR_DAY = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*,?$/i;
const TIMEY = /^[\d\-/:.,T_+Z]+$/;

/** Timestamp parts: 2025-03-04, 10:15:02,123, 17/06/09, 081109, 20171223-22:15:29:606, Jun, Sun. */
export function isTimeField(t: string): boolean {
  let s = t;
  if (s.startsWith('[') && s.endsWith(']')) {
    const inner = s.slice(1, -1).split(/\s+/);
    return inner.length > 0 && inner.every((p) => isTimeField(p));
  }
  s = s.replace(/,$/, '');
  if (MONTH_OR_DAY.test(s)) return true;
  return TIMEY.test(s) && /\d/.test(s) && (/[-/:.]/.test(s) || s.length >= 6);
}

export function isNumberField(t: string): boolean {
  return /^\d+$/.test(t);
}
