// The line diff behind the reviewer's view (jsdiff): operations, unified hunks with context, added text.
import { describe, expect, it } from 'vitest';
import { addedText, diffLines, unifiedDiff } from '../../src/learn/line-diff.js';

describe('line diff', () => {
  it('finds insertions and deletions; a replaced line shows - before +', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\n').map((o) => `${o.op}:${o.text}`)).toEqual(['same:a', 'del:b', 'add:x', 'same:c']);
    expect(unifiedDiff('a\nb\nc\n', 'a\nx\ny\nc\n').slice(3).map((l) => l.text)).toEqual([' a', '-b', '+x', '+y', ' c']);
    // A missing final newline is not a change.
    expect(diffLines('a\nb', 'a\nb\n').every((o) => o.op === 'same')).toBe(true);
    expect(diffLines('', 'a\n').map((o) => o.op)).toEqual(['add']);
    expect(diffLines('a\n', 'a\n').every((o) => o.op === 'same')).toBe(true);
  });

  it('renders unified hunks with three lines of context and correct ranges', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n');
    const b = a.replace('l10', 'l10\nNEW');
    const u = unifiedDiff(a, b, { from: 'v1', to: 'v2' });
    expect(u.map((l) => l.text)).toEqual(['--- v1', '+++ v2', '@@ -8,6 +8,7 @@', ' l8', ' l9', ' l10', '+NEW', ' l11', ' l12', ' l13']);
    expect(unifiedDiff(a, a)).toEqual([]);
  });

  it('splits far-apart changes into separate hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `l${i + 1}`).join('\n');
    const b = a.replace('l2\n', 'l2x\n').replace('l28', 'l28x');
    expect(unifiedDiff(a, b).filter((l) => l.kind === 'hunk')).toHaveLength(2);
    expect(addedText(a, b)).toBe('l2x\nl28x');
  });
});
