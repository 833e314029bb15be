// The time index's blocks: merging what separate reads (threads, calls) indexed keeps them apart and in order, numbers
// lines only along runs of adjacent blocks that start where lines were counted, and rewrites no index it leaves as is.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapsOf, loadIndex, mergeBlocks, recordBlocks, type IndexBlock } from '../../../servers/logs/time-index.js';
import { tempDir } from './helpers.js';

const block = (start: number, end: number, lines: number, firstLine = NaN): IndexBlock => ({ start, end, firstLine, lines, min: start, max: end });

describe('index blocks', () => {
  it('merges reads in file order, drops a block overlapping one already known, and numbers lines where it can', () => {
    const known = [block(100, 200, 10), block(200, 300, 5)];
    const fresh = [block(0, 100, 7), block(250, 350, 9), block(500, 600, 4)];
    const merged = mergeBlocks(known, fresh);
    expect(merged.map((b) => [b.start, b.end])).toEqual([[0, 100], [100, 200], [200, 300], [500, 600]]);
    // From the file's start, adjacent blocks carry numbers; after a gap, lines are not counted.
    expect(merged.map((b) => b.firstLine)).toEqual([1, 8, 18, NaN]);
    expect(gapsOf(merged, 700).map((g) => [g.from, g.to, g.prev?.end, g.next?.start])).toEqual([[300, 500, 300, 500], [600, 700, 600, undefined]]);
  });

  it('gives a file with no blocks one gap, and a fully indexed one none', () => {
    expect(gapsOf([], 50).map((g) => [g.from, g.to])).toEqual([[0, 50]]);
    expect(gapsOf(mergeBlocks([], [block(0, 50, 3)]), 50)).toEqual([]);
  });

  it('is written once when calls scanning at once record the same blocks, and again when one adds a block', () => {
    const dir = tempDir({ 'app.log': 'x'.repeat(700) });
    const file = path.join(dir, 'app.log');
    const cache = tempDir();
    const st = statSync(file);
    const key = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    const indexFile = () => path.join(cache, readdirSync(cache)[0]!);
    recordBlocks(cache, file, key, [block(0, 300, 3)]);
    // Marked: a rewrite of the index would replace the mark.
    const stored = JSON.parse(readFileSync(indexFile(), 'utf8')) as Record<string, unknown>;
    writeFileSync(indexFile(), JSON.stringify({ ...stored, mark: 1 }));
    const again = recordBlocks(cache, file, key, [block(0, 300, 3)]);
    expect(again.blocks.map((b) => [b.start, b.end, b.firstLine])).toEqual([[0, 300, 1]]);
    expect(readFileSync(indexFile(), 'utf8')).toContain('"mark":1');
    recordBlocks(cache, file, key, [block(300, 700, 4)]);
    expect(readFileSync(indexFile(), 'utf8')).not.toContain('"mark"');
    expect(loadIndex(cache, file, key)?.blocks.map((b) => [b.start, b.end, b.firstLine])).toEqual([[0, 300, 1], [300, 700, 4]]);
  });
});
