// Source resolution and the stored time index as every call sees them: a file named twice (a symlinked directory, a
// nested one) is read once, symlinks inside a walked directory are not followed, and a rewritten index is read again.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSources } from '../../../servers/logs/sources.js';
import { loadIndex, saveIndex } from '../../../servers/logs/time-index.js';
import { tempDir } from './helpers.js';

describe('resolveSources', () => {
  it('dedupes a file reached through a symlinked directory and through its real one, keeping the first name', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'real', 'sub'), { recursive: true });
    writeFileSync(path.join(root, 'real', 'a.log'), 'x\n');
    writeFileSync(path.join(root, 'real', 'sub', 'b.log'), 'y\n');
    symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
    const { files, problems } = await resolveSources([path.join(root, 'link'), path.join(root, 'real'), path.join(root, 'real', 'sub', 'b.log')]);
    expect(problems).toEqual([]);
    expect(files).toEqual([path.join(root, 'link', 'a.log'), path.join(root, 'link', 'sub', 'b.log')]);
  });

  it('does not follow symlinks inside a walked directory, but a glob over a symlinked base still dedupes', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'real'));
    writeFileSync(path.join(root, 'real', 'a.log'), 'x\n');
    symlinkSync(path.join(root, 'real', 'a.log'), path.join(root, 'real', 'alias.log'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
    const { files } = await resolveSources([path.join(root, 'real'), `${path.join(root, 'link')}/*.log`]);
    expect(files).toEqual([path.join(root, 'real', 'a.log')]);
  });
});

describe('loadIndex', () => {
  it('reads an index again once it was rewritten', () => {
    const cache = tempDir();
    const dir = tempDir({ 'a.log': 'line\n'.repeat(10) });
    const file = path.join(dir, 'a.log');
    const key = { dev: 1, ino: 2, size: 50, mtimeMs: 3 };
    const block = (lines: number) => ({ start: 0, end: 50, firstLine: 1, lines, min: 10, max: 20 });
    saveIndex(cache, file, { ...key, blocks: [block(10)] });
    expect(loadIndex(cache, file, key)?.blocks[0]?.lines).toBe(10);
    saveIndex(cache, file, { ...key, blocks: [block(9)] });
    expect(loadIndex(cache, file, key)?.blocks[0]?.lines).toBe(9);
    // What a caller does to the blocks it got never reaches the next load.
    loadIndex(cache, file, key)!.blocks[0]!.lines = 1;
    expect(loadIndex(cache, file, key)?.blocks[0]?.lines).toBe(9);
  });

  it('takes a stored index of the wrong shape for none (it is rebuilt)', () => {
    const cache = tempDir();
    const file = path.join(tempDir({ 'a.log': 'line\n' }), 'a.log');
    const key = { dev: 1, ino: 2, size: 5, mtimeMs: 3 };
    saveIndex(cache, file, { ...key, blocks: [{ start: 0, end: 5, firstLine: 1, lines: 1, min: 10, max: null }] });
    const [name] = readdirSync(cache);
    const target = path.join(cache, name!);
    const good = JSON.parse(readFileSync(target, 'utf8')) as { blocks: unknown[][] };
    expect(loadIndex(cache, file, key)?.blocks).toEqual([{ start: 0, end: 5, firstLine: 1, lines: 1, min: 10, max: null }]);
    const variants: unknown[] = [
      { ...good, version: 1 },
      { ...good, blocks: [[...good.blocks[0]!, 7]] },
      { ...good, blocks: [good.blocks[0]!.slice(0, 5)] },
      { ...good, blocks: [[0, 5, 1, null, 10, null]] },
      { ...good, size: '5' },
      { ...good, head: undefined },
      [good],
    ];
    for (const bad of variants) {
      writeFileSync(target, JSON.stringify(bad));
      expect(loadIndex(cache, file, key)).toBeNull();
    }
    writeFileSync(target, JSON.stringify(good).replace('"size":5', '"size":1e999'));
    expect(loadIndex(cache, file, key)).toBeNull();
  });
});
