// quantile() sorts a typed array where that orders exactly as the comparator sort did; these pin the answers to
// that reference, including the values the typed sort would order differently (-0 and 0, NaN).
import { describe, expect, it } from 'vitest';
import { mad, quantile } from '../../src/rca/series.js';

function reference(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** A seeded generator, so a failure repeats. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('quantile', () => {
  it('answers as the comparator sort on random series, with ties, infinities and large spreads', () => {
    const rnd = lcg(7);
    for (let k = 0; k < 300; k++) {
      const n = 1 + Math.floor(rnd() * 80);
      const values = Array.from({ length: n }, () => {
        const r = rnd();
        if (r < 0.05) return Infinity;
        if (r < 0.08) return -Infinity;
        if (r < 0.3) return Math.round(rnd() * 5);
        return (rnd() - 0.3) * 10 ** Math.floor(rnd() * 12 - 4);
      });
      for (const q of [0, 0.05, 0.1, 0.4, 0.5, 0.75, 0.9, 0.95, 1]) expect(Object.is(quantile(values, q), reference(values, q))).toBe(true);
      expect(Object.is(mad(values), mad([...values]))).toBe(true);
    }
  });

  it('keeps the comparator sort where -0 and 0 or NaN are among the values', () => {
    const cases = [
      [0, -0, 1],
      [-0, 0, 1],
      [1, -0, 0, 0, -0],
      [3, NaN, 1, 2],
      [NaN, 0, -0],
    ];
    for (const values of cases) {
      for (const q of [0, 0.25, 0.5, 1]) expect(Object.is(quantile(values, q), reference(values, q))).toBe(true);
    }
  });

  it('does not reorder the caller\'s array', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});
