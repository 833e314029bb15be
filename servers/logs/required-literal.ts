// A small, conservative analysis of a search_logs /regex/: the longest literal every match must contain, and
// whether a match can span lines. search.ts scans bytes for that literal and runs the regex only on lines holding it.
// Anything the analysis does not fully understand shortens the literal or marks the pattern multi-line: never wrong.

export interface RegexFacts {
  /** A substring of every match (as the regex sees the text), or null when none of at least MIN_LITERAL is known. */
  literal: string | null;
  /** False when some part of the pattern might match a newline, so a match might span lines. */
  singleLine: boolean;
}

/** Shorter literals are found everywhere: running the regex on every such line costs more than it saves. */
const MIN_LITERAL = 3;

/** A quantifier at lastIndex (`{` not followed by digits and `}` is a literal brace). */
const QUANTIFIER = /(?:[*+?]|\{(\d+)(?:,\d*)?\})\??/y;

/** Escapes that stand for one literal character (identity escapes of punctuation, and the usual control letters). */
const CONTROL: Record<string, string> = { t: '\t', r: '\r', f: '\f', v: '\v' };

interface Seq {
  /** Literal runs of this sequence that every match of it contains. */
  runs: string[];
  /** Index just past the sequence (at `)` or the end). */
  end: number;
  /** A top-level `|` was seen: no run of the sequence is required. */
  alternation: boolean;
}

class Analyser {
  multiLine = false;
  /** A construct the analysis does not know (a group syntax of a newer engine): trust nothing it found. */
  unknown = false;
  constructor(
    private readonly src: string,
    private readonly dotAll: boolean,
  ) {}

  /** Parses terms from `i` up to an unmatched `)` or the end; returns the required literal runs. */
  sequence(i: number): Seq {
    const runs: string[] = [];
    let run = '';
    let alternation = false;
    const flush = () => {
      if (run.length > 0) runs.push(run);
      run = '';
    };
    const s = this.src;
    while (i < s.length && s[i] !== ')') {
      const c = s[i]!;
      if (c === '|') {
        alternation = true;
        flush();
        i++;
        continue;
      }
      // One atom: its literal character (null: not a single known character), whether it is required, and
      // the runs required inside it (a group).
      let ch: string | null = null;
      let inner: string[] = [];
      let zeroWidth = false;
      if (c === '\\') {
        const e = s[i + 1];
        i += 2;
        if (e === undefined) break; // a trailing backslash: RegExp rejected it already
        if (/[dws]/.test(e)) {
          if (e === 's') this.multiLine = true;
        } else if (/[DWS]/.test(e)) {
          if (e !== 'S') this.multiLine = true; // \D and \W match a newline; \S does not
        } else if (e === 'b' || e === 'B') zeroWidth = true;
        else if (e in CONTROL) ch = CONTROL[e]!;
        else if (/[A-Za-z0-9]/.test(e)) this.multiLine = true; // \n, \cJ, \x0a, \u000a, \012, back-references: assume the worst
        else ch = e; // an escaped punctuation character stands for itself
      } else if (c === '[') {
        i = this.charClass(i);
      } else if (c === '(') {
        const m = /^\((?:\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>))?/.exec(s.slice(i, i + 64))![0];
        if (m === '(' && s[i + 1] === '?') this.unknown = true; // (?i:...) modifiers, unusual group names
        const look = m === '(?=' || m === '(?!' || m === '(?<=' || m === '(?<!';
        const group = this.sequence(i + (m.length > 1 ? m.length : 1));
        i = group.end + 1;
        if (look) zeroWidth = true;
        else if (!group.alternation) inner = group.runs;
      } else if (c === '.') {
        if (this.dotAll) this.multiLine = true;
        i++;
      } else if (c === '^' || c === '$') {
        zeroWidth = true;
        i++;
      } else {
        const code = c.charCodeAt(0);
        // A raw newline in the pattern; surrogate halves are left out (a run must encode to the same bytes as the text).
        if (c === '\n') this.multiLine = true;
        else if (code < 0xd800 || code > 0xdfff) ch = c === '\ufffd' ? null : c;
        i++;
      }
      // The quantifier, if any: how often the atom must occur.
      QUANTIFIER.lastIndex = i;
      const q = QUANTIFIER.exec(s);
      const min = q === null ? 1 : q[0][0] === '+' ? 1 : q[0][0] === '{' ? Number(q[1]) : 0;
      if (q) i += q[0].length;
      if (zeroWidth) {
        flush();
        continue;
      }
      if (ch !== null && min >= 1) {
        run += ch;
        if (q) {
          // The last repetition is followed by the next atom: a new run starts with the atom's character.
          flush();
          run = ch;
        }
        continue;
      }
      flush();
      if (min >= 1) runs.push(...inner);
    }
    flush();
    return { runs: alternation ? [] : runs, end: i, alternation };
  }

  /** Skips a character class from its `[`; a class that might hold a newline makes the pattern multi-line. */
  private charClass(i: number): number {
    const s = this.src;
    let j = i + 1;
    if (s[j] === '^') {
      this.multiLine = true; // a negated class matches a newline unless it names one: assume it does
      j++;
    }
    for (; j < s.length && s[j] !== ']'; j++) {
      if (s[j] === '\\') {
        j++;
        // \d, \w, \S and escaped punctuation hold no newline; any other escape might (\n, \s, \W, or a range
        // such as \t-~ that spans one).
        if (/[A-Za-z0-9]/.test(s[j] ?? '') && !/[dwS]/.test(s[j]!)) this.multiLine = true;
      } else if (s.charCodeAt(j) <= 10) this.multiLine = true; // a raw control character (or a range from one)
    }
    return j + 1;
  }
}

/**
 * What every match of `source` (a JavaScript regex without the u flag) must contain, for a prefilter. With the
 * i flag no literal is given: case folding would need a case-blind byte search.
 */
export function regexFacts(source: string, flags: string): RegexFacts {
  const a = new Analyser(source, flags.includes('s'));
  const seq = a.sequence(0);
  // An unmatched `)` cannot occur in a valid pattern; stop trusting the parse if it does.
  if (seq.end < source.length || a.unknown) return { literal: null, singleLine: false };
  const best = seq.runs.reduce((b, r) => (r.length > b.length ? r : b), '');
  return { literal: !flags.includes('i') && best.length >= MIN_LITERAL ? best : null, singleLine: !a.multiLine };
}
