// The rare-byte needle search must find exactly what Buffer.indexOf finds, whichever byte it jumps to, at buffer
// edges, with partial needles at the end, and after it gives up on a byte that turns out to be common.
import { describe, expect, it } from 'vitest';
import { NeedleFinder } from '../../../servers/logs/needle.js';

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function all(find: (buf: Buffer, from: number) => number, buf: Buffer): number[] {
  const at: number[] = [];
  for (let i = find(buf, 0); i >= 0; i = find(buf, i + 1)) at.push(i);
  return at;
}

/** Text of common letters with the needle (and pieces of it) sprinkled in; the rare bytes are the needle's own. */
function text(needle: string, bytes: number, rand: () => number, common = 'etaoin shrdlu'): Buffer {
  let s = '';
  while (s.length < bytes) {
    const r = rand();
    if (r < 0.01) s += needle;
    else if (r < 0.03) s += needle.slice(0, Math.floor(rand() * needle.length));
    else if (r < 0.05) s += needle.slice(Math.floor(rand() * needle.length));
    else s += common[Math.floor(rand() * common.length)];
  }
  return Buffer.from(s, 'latin1');
}

describe('NeedleFinder', () => {
  it.each(['timed out after ', 'Cannot read properties', 'ERROR x', 'xq', 'q', 'zzzz', 'a'.repeat(40)])('finds %j where Buffer.indexOf does', (needle) => {
    const rand = seeded(needle.length);
    const n = Buffer.from(needle, 'latin1');
    for (const size of [0, 5, 300, 70_000]) {
      const finder = new NeedleFinder(n);
      // Several chunks through one finder: the first ranks the bytes, the later ones are searched with that choice.
      for (let k = 0; k < 3; k++) {
        const buf = text(needle, size, rand);
        expect(all((b, from) => finder.indexOf(b, from), buf)).toEqual(all((b, from) => b.indexOf(n, from), buf));
      }
    }
  });

  it('finds a needle at the very start and the very end of a buffer', () => {
    const n = Buffer.from('aXyz'); // X, not the first byte, is the one jumped to
    const finder = new NeedleFinder(n);
    const buf = Buffer.concat([n, Buffer.alloc(10_000, 'a'), n]);
    expect(all((b, from) => finder.indexOf(b, from), buf)).toEqual([0, 10_004]);
    expect(finder.indexOf(buf.subarray(0, buf.length - 1))).toBe(0);
    expect(finder.indexOf(buf.subarray(1, buf.length - 1))).toBe(-1);
  });

  it('still finds every match after the text turns its rare byte common', () => {
    const n = Buffer.from('abQcd');
    const finder = new NeedleFinder(n);
    const rand = seeded(7);
    const first = text('abQcd', 50_000, rand); // Q only in the needle: Q is the byte jumped to
    const flooded = text('abQcd', 200_000, rand, 'QQQQQabcd'); // Q everywhere now
    for (const buf of [first, flooded, first]) expect(all((b, from) => finder.indexOf(b, from), buf)).toEqual(all((b, from) => b.indexOf(n, from), buf));
  });
});
