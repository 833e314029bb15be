// The hand-written reading of Prometheus matrix series gives what the contract's zod schema gives, and leaves every
// item it is not sure of (coercions, defaults, malformed pairs) to the schema, so parseMatrix reads both alike.
import { describe, expect, it } from 'vitest';
import { MATRIX, parseMatrix, plainMatrixItem } from '../../src/core/sources/metric-matrix.js';

const ITEMS: unknown[] = [
  { metric: { __name__: 'cpu', pod: 'a-1' }, values: [[1674953044, '0.25'], [1674953104, '1e3'], [1674953164, 7]] },
  { metric: { service: 'x' }, values: [[1, 'NaN'], [2, '+Inf'], [3, '-Inf'], [4, ''], [5, ' 2 ']] },
  { metric: {}, values: [] },
  { values: [[1, '1']] },
  { metric: { a: 'b' } },
  { metric: { a: 'b' }, values: [[1, '1']], extra: 'dropped' },
  { metric: { a: 1 }, values: [[1, '1']] },
  { metric: null, values: [[1, '1']] },
  { metric: { a: 'b' }, values: null },
  { metric: { a: 'b' }, values: [['1674953044', '1']] },
  { metric: { a: 'b' }, values: [[null, '1']] },
  { metric: { a: 'b' }, values: [[1, '1', 'x']] },
  { metric: { a: 'b' }, values: [[1]] },
  { metric: { a: 'b' }, values: [[1, true]] },
  { metric: { a: 'b' }, values: [[1, null]] },
  { metric: { a: 'b' }, values: ['1,2'] },
  [{ metric: {}, values: [] }],
  null,
  'series',
];

describe('plainMatrixItem', () => {
  it('reads the plain shapes, and gives what the schema gives whenever it reads one', () => {
    let read = 0;
    for (const item of ITEMS) {
      const plain = plainMatrixItem(item);
      if (plain === undefined) continue;
      read++;
      expect(plain, JSON.stringify(item)).toEqual(MATRIX.item.safeParse(item).data);
    }
    expect(read).toBe(6);
  });

  it('leaves coercions to the schema: a time as text still reads, a malformed pair still drops its series', () => {
    expect(plainMatrixItem(ITEMS[9])).toBeUndefined();
    const series = parseMatrix({ result: ITEMS });
    expect(series).toEqual(
      ITEMS.flatMap((item) => {
        const r = MATRIX.item.safeParse(item);
        if (!r.success) return [];
        const { __name__: name, ...labels } = r.data.metric;
        return [{ metric: name ?? '', labels, points: r.data.values.map(([t, v]) => [t < 1e11 ? t * 1000 : t, v]) }];
      }),
    );
    expect(series?.find((s) => s.labels.a === 'b' && s.points[0]?.[0] === 1674953044000)).toBeDefined();
  });
});
