// Binary segmentation: split the segment where one change lowers the cost most, recurse while a split pays
// its penalty. O(n log n) instead of PELT's O(n²) on series without changes; greedy, so not always optimal.

import type { PeltOptions, SegmentCost } from './pelt.js';

export function binarySegmentation(n: number, cost: SegmentCost, opts: PeltOptions): number[] {
  const m = Math.max(1, Math.floor(opts.minSegment));
  const out: number[] = [];
  const stack: Array<[number, number]> = [[0, n]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (b - a < 2 * m) continue;
    const whole = cost(a, b);
    let best = Infinity;
    let at = -1;
    for (let t = a + m; t <= b - m; t++) {
      const c = cost(a, t) + cost(t, b);
      if (c < best) {
        best = c;
        at = t;
      }
    }
    if (at < 0 || whole - best <= opts.penalty) continue;
    out.push(at);
    stack.push([a, at], [at, b]);
  }
  return out.sort((x, y) => x - y);
}
