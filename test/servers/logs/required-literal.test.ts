// The regex analysis behind search_logs' prefilter: the literal it names must be in every match (else lines with
// matches would be skipped), and a pattern it calls single-line must never match across a newline.
import { describe, expect, it } from 'vitest';
import { regexFacts } from '../../../servers/logs/required-literal.js';

describe('regexFacts', () => {
  it.each([
    ['timed out after \\d+ms', '', 'timed out after ', true],
    ['timed out after (\\d+ms|\\d+s)', '', 'timed out after ', true],
    ['(timed|Timed) out after', '', ' out after', true],
    ['error|warn', '', null, true],
    ['colou?r code \\d', '', 'r code ', true],
    ['^\\S+ ERROR .*pool', '', ' ERROR ', true],
    ['pool\\.exhausted\\(size=', '', 'pool.exhausted(size=', true],
    ['caf[eé] au lait', '', ' au lait', true],
    ['straße', '', 'straße', true],
    ['TIMED OUT', 'i', null, true],
    ['after\\s+\\d+', '', 'after', false],
    ['ERROR[^\\n]*\\n\\s+at ', '', 'ERROR', false],
    ['ERROR.*at ', 's', 'ERROR', false],
    ['[\\t-~]+ pool', '', ' pool', false],
    ['abc+d', '', 'abc', true],
    ['ab+c', '', null, true],
    ['x{2}yz', '', 'xyz', true],
    ['(abc){0,2}def', '', 'def', true],
    ['(?:abcd)+ef', '', 'abcd', true],
    ['(?<=ERROR )upstream', '', 'upstream', true],
    ['(?!pool)pool exhausted', '', 'pool exhausted', true],
    ['(\\w+) timed out after \\1', '', ' timed out after ', false],
    ['a{,3}bc', '', 'a{,3}bc', true],
    ['xyz{123456789012345678901234567890123456}abc', '', 'zabc', true],
    ['\\bK\\b', '', null, true],
    ['x*', '', null, true],
    ['(?i:abc)def', '', null, false],
  ])('/%s/%s requires %j (single line: %s)', (source, flags, literal, singleLine) => {
    expect(regexFacts(source, flags)).toEqual({ literal, singleLine });
  });

  // Lines a log holds, tricky ones included: every pattern is run over them as search_logs runs it on a chunk.
  const lines = [
    '2025-03-04T10:00:00Z ERROR upstream payments timed out after 5000ms host=10.0.0.1',
    '2025-03-04T10:00:01Z ERROR upstream payments Timed out after 12s',
    '2025-03-04T10:00:02Z WARN color code 7 and colour code 8',
    '2025-03-04T10:00:03Z INFO café au lait, cafe au lait, straße, STRASSE, ſtraße',
    '2025-03-04T10:00:04Z ERROR pool.exhausted(size=30) x{,3}bc a{,3}bc',
    '    at com.acme.Pool.take(Pool.java:42)\r',
    '2025-03-04T10:00:05Z ERROR abcabcdef abcdabcdef xxyz K k \u212a',
    '2025-03-04T10:00:06Z ERROR request failed after',
    '    at handler (/app/x.js:1:2)',
    '2025-03-04T10:00:07Z ERROR job timed out after job',
  ];
  const text = `${lines.join('\n')}\n`;
  const patterns: Array<[string, string]> = [
    ['timed out after \\d+ms', ''],
    ['timed out after (\\d+ms|\\d+s)', ''],
    ['(timed|Timed) out after', ''],
    ['colou?r code \\d', ''],
    ['^\\S+ ERROR .*pool', ''],
    ['pool\\.exhausted\\(size=', ''],
    ['caf[eé] au lait', ''],
    ['straße', ''],
    ['ab+c', ''],
    ['x{2}yz', ''],
    ['(abc){0,2}def', ''],
    ['(?:abcd)+ef', ''],
    ['(?<=ERROR )upstream', ''],
    ['(\\w+) timed out after \\1', ''],
    ['a{,3}bc', ''],
    ['after\\s+at', ''],
    ['ERROR.*at ', 's'],
    ['Pool\\.java:\\d+\\)$', 'm'],
  ];

  it.each(patterns)('every match of /%s/%s holds the literal and stays on its line when said to', (source, flags) => {
    const facts = regexFacts(source, flags);
    const re = new RegExp(source, `${flags.replace('m', '')}gm`); // as compilePattern builds it
    const matches = [...text.matchAll(re)];
    expect(matches.length).toBeGreaterThan(0); // the corpus exercises the pattern
    for (const m of matches) {
      if (facts.literal !== null) expect(m[0]).toContain(facts.literal);
      if (facts.singleLine) expect(m[0]).not.toContain('\n');
    }
  });

  it('sees a match across lines as possible where one exists', () => {
    expect([...text.matchAll(/after\s+at/gm)].some((m) => m[0].includes('\n'))).toBe(true);
    expect(regexFacts('after\\s+at', '').singleLine).toBe(false);
  });
});
