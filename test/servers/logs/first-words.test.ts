// A step's leading words are found a stretch between trace/span ids at a time: the same words as removing every id
// from the whole first line and splitting it, for ids at the start, the end, back to back and across the cut, and for
// Unicode blanks (the words are cut as `\s` cuts them).
import { describe, expect, it } from 'vitest';
import { firstWords, IDS_IN_TEXT } from '../../../servers/logs/flow-steps.js';

/** The definition: the first line with every id replaced by a space, split on whitespace, the first `max` words. */
function reference(message: string, max: number): string[] {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).replace(IDS_IN_TEXT, ' ').split(/\s+/).filter(Boolean).slice(0, max);
}

const PIECES = ['TraceID: 15ee0e741d1b8b56cf04fbe7573947fe', 'SpanID: b91455e099e05d82', 'trace_id=abcdef0123456789,', 'span.id="0123abcd"', 'word', '[query][Query', 'a#12', ' ', '  ', '\t', '\n', 'x:y', 'traceid', 'id:1234', '\u00a0', '\u3000', 'wörd', '\u2028'];

describe('firstWords', () => {
  it('gives the words of the line without ids, as the whole-line definition does', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: rand(12) }, () => PIECES[rand(PIECES.length)]!);
      const message = parts.join(rand(3) === 0 ? '' : ' ');
      for (const max of [0, 1, 4, 48]) expect(firstWords(message, max), JSON.stringify(message)).toEqual(reference(message, max));
    }
  });

  it('leaves the exported pattern as it found it', () => {
    IDS_IN_TEXT.lastIndex = 0;
    firstWords('a TraceID: 15ee0e741d1b8b56cf04fbe7573947fe b c d e f', 2);
    expect(IDS_IN_TEXT.lastIndex).toBe(0);
  });
});
