// boundedMemo: the per-key memos of log reading (logger names, content keys, masked statement keys, redacted step
// labels) compute once per key and forget everything when full, so a scan of endless distinct words cannot grow them.
import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/core/bounded-memo.js';

describe('boundedMemo', () => {
  it('computes a key once and answers it again from the memo, false included', () => {
    const calls: string[] = [];
    const isLong = boundedMemo((k) => (calls.push(k), k.length > 3), 10);
    expect([isLong('status'), isLong('id'), isLong('status'), isLong('id')]).toEqual([true, false, true, false]);
    expect(calls).toEqual(['status', 'id']);
  });

  it('starts over when full: a key seen before the bound was reached is computed again', () => {
    const calls: string[] = [];
    const upper = boundedMemo((k) => (calls.push(k), k.toUpperCase()), 2);
    for (const k of ['a', 'b', 'a', 'c', 'a']) upper(k);
    // a, b fill it; a is remembered; c finds it full and clears it; a is computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
