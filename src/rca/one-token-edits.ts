// A diff's edits of one value: an added line paired with the removed line it replaced, the two alike but for one token
// (a worker count 2 -> 4, a queue "imports" -> "default"). Rules that read what a change set from this one walk.

const COMMENT = /^\s*(?:#|\/\/|--|;)/;

export interface OneTokenEdit<T> {
  from: T;
  to: T;
  /** The added line, as quoted in a verdict. */
  line: string;
}

/**
 * The added lines that `about` accepts (comments aside) whose removed twin has the same shape once `tokens` are
 * blanked and differs from it in exactly one of those tokens, in diff order. A line that changed two values, or
 * changed its words, is no edit of one value: reading it as one would credit a change with what it did not set.
 */
export function oneTokenEdits<T>(diff: string, about: RegExp, token: RegExp, read: (m: RegExpMatchArray) => T): Array<OneTokenEdit<T>> {
  const all = new RegExp(token.source, token.flags.includes('g') ? token.flags : `${token.flags}g`);
  const shape = (l: string) => l.replace(all, '\u0000').trim();
  const tokens = (l: string) => [...l.matchAll(all)].map(read);
  const lines = diff.split('\n');
  const removed = lines.filter((l) => /^-(?!--)/.test(l)).map((l) => l.slice(1));
  const out: Array<OneTokenEdit<T>> = [];
  for (const raw of lines) {
    if (!/^\+(?!\+\+)/.test(raw)) continue;
    const added = raw.slice(1);
    if (COMMENT.test(added) || !about.test(added)) continue;
    const twin = removed.find((r) => shape(r) === shape(added) && r.trim() !== added.trim());
    if (!twin) continue;
    const [was, now] = [tokens(twin), tokens(added)];
    const at = now.findIndex((n, i) => n !== was[i]);
    if (at < 0 || was.length !== now.length || now.some((n, i) => i !== at && n !== was[i])) continue;
    out.push({ from: was[at]!, to: now[at]!, line: added.trim() });
  }
  return out;
}
