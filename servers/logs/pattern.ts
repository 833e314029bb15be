// Turns a search_logs pattern into a RegExp: `/regex/flags` is a regular expression, anything else a
// literal substring. Invalid expressions become ToolInputErrors that say how to fix them.
import { ToolInputError } from '../../src/core/tool-kit.js';
import { regexFacts } from './required-literal.js';

export interface CompiledPattern {
  /** Global + multiline, for scanning whole chunks of text. */
  regex: RegExp;
  /** The literal when the pattern is a plain substring (enables the case-sensitive byte search). */
  literal: string | null;
  caseSensitive: boolean;
  ascii: boolean;
  /**
   * Text every match holds, matched case-sensitively (the literal, or what regexFacts finds in a regex): a chunk or
   * line without its UTF-8 bytes holds no match. Null when unknown or when case is ignored.
   */
  required: string | null;
  /** No match spans a newline, so a line can be tested on its own. */
  singleLine: boolean;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compilePattern(pattern: string, caseSensitive: boolean): CompiledPattern {
  if (pattern.length === 0) throw new ToolInputError('pattern is empty: pass a word or phrase, or /regex/');
  if (pattern.length > 1000) throw new ToolInputError('pattern is longer than 1000 characters: shorten it');
  const m = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  let source: string;
  let flags = caseSensitive ? '' : 'i';
  let literal: string | null = null;
  if (m) {
    source = m[1]!;
    for (const f of m[2]!) {
      if (!'ims'.includes(f)) throw new ToolInputError(`regex flag "${f}" is not supported: use i, m or s`);
      if (!flags.includes(f)) flags += f;
    }
  } else {
    source = escape(pattern);
    literal = pattern;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, `${flags.replace('m', '')}gm`);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    throw new ToolInputError(`invalid regex ${pattern}: ${why}. Fix the expression, or pass plain text without slashes for a substring search`);
  }
  const facts = literal === null ? regexFacts(source, flags) : { literal: flags.includes('i') ? null : literal, singleLine: !literal.includes('\n') };
  // U+FFFD also stands for invalid bytes and a lone surrogate has no UTF-8 form: their text is not searched as bytes.
  const required = facts.literal !== null && !/[\ufffd\ud800-\udfff]/.test(facts.literal) ? facts.literal : null;
  // eslint-disable-next-line no-control-regex
  return { regex, literal, caseSensitive: !flags.includes('i'), ascii: /^[\x00-\x7f]*$/.test(source), required, singleLine: facts.singleLine };
}
