// Inline Markdown for untrusted text (log lines, commit messages, model output): quoted text and words that
// Markdown would read as markup go into code spans, so nothing turns into structure and no escape shows.

/**
 * A quote as the log has it: evidence quotes are cut from JSON tool output, so a quote inside a log line
 * may carry its JSON escape (`\"postgres\"`); a reader should see `"postgres"`.
 */
export function unescapeJsonQuote(quote: string): string {
  if (!/\\["\\/bfnrtu]/.test(quote)) return quote;
  try {
    return JSON.parse(`"${quote.replace(/(^|[^\\])"/g, '$1\\"')}"`) as string;
  } catch {
    return quote;
  }
}

/** A code span that holds `text` as it is, whatever backticks it contains. */
export function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

// A word Markdown could read as markup: emphasis, HTML, links, code, entities, escapes, strikethrough.
const MARKUP = /[\\`*_<>[\]|~&]/;

/** "2026-02-17 14:45 UTC": the form a reader pastes into a review, with its zone. */
export function utc(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const d = new Date(t).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** Prose: ISO times read as UTC times, words carrying markup characters become code spans. */
function prose(text: string): string {
  return text.replace(ISO_IN_TEXT, (iso) => utc(iso)).replace(/\S+/g, (word) => {
    if (!MARKUP.test(word)) return word;
    // Keep sentence punctuation outside the span: "(pool_size)." -> (`pool_size`).
    const m = /^([("']*)(.*?)([)"',.;:!?]*)$/.exec(word)!;
    return m[2] ? `${m[1]}${code(m[2])}${m[3]}` : word;
  });
}

/**
 * Renders one line of report text: each "double-quoted" part (a log line, a commit message) as a code span
 * without its quotes, the rest as prose. A quote opens after a space or bracket and closes before one.
 */
export function inline(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const out: string[] = [];
  let rest = flat;
  for (;;) {
    const open = /(^|[\s([])"/.exec(rest);
    if (!open) break;
    const start = open.index + open[1]!.length;
    const close = /"(?=$|[\s,.;:!?)\]])/g;
    close.lastIndex = start + 2;
    const end = close.exec(rest);
    if (!end) break;
    out.push(prose(rest.slice(0, start)), code(rest.slice(start + 1, end.index)));
    rest = rest.slice(end.index + 1);
  }
  out.push(prose(rest));
  // A line that would start a block (heading, quote, list item) reads as text with one escape.
  return out.join('').replace(/^([#>+-]|\d+[.)](?=\s))/, '\\$1');
}
