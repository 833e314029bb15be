// A windowed scan is split into parts of even size wherever the window lies in the file (not at a fixed grid of
// offsets, which can leave one thread most of a short window), and the split never changes the answer.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { cutsFor } from '../../../servers/logs/read-plan.js';
import { planUnits } from '../../../servers/logs/scan-units.js';
import { unitBytes } from '../../../servers/logs/unit-pacer.js';
import { BLOCK_BYTES } from '../../../servers/logs/time-index.js';
import { connect, spreadLog, tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const MB = 1 << 20;

/** About `bytes` of ISO lines spread evenly over 12 h, some of them errors. */
const log = (bytes: number): string =>
  spreadLog(bytes, T0, 17, (i) => `ERROR [api] upstream shard-${i % 5} refused connection after ${i % 900}ms`, (i) => `INFO [api] GET /api/items/${i} 200 ${i % 90}ms`);

describe('the parts of a split scan', () => {
  it('cut the bytes read into even shares, at least four when each holds 8 MiB', () => {
    expect(cutsFor([{ from: 0, to: 3 }, { from: 10, to: 13 }], 2)).toEqual([2, 11]);
    // A cut that falls on the end of a range goes to the start of the next one.
    expect(cutsFor([{ from: 0, to: 3 }, { from: 10, to: 13 }], 3)).toEqual([10]);
    expect(cutsFor([{ from: 100 * MB, to: 140 * MB }], 64 * MB)).toEqual([110 * MB, 120 * MB, 130 * MB]);
    expect(cutsFor([{ from: 100 * MB, to: 120 * MB }], 64 * MB)).toEqual([110 * MB]);
    expect(cutsFor([{ from: 0, to: 5 * MB }], 64 * MB)).toEqual([]);
    expect(cutsFor([{ from: 0, to: 500 * MB }], Infinity)).toEqual([]);
  });

  it('are even for a window that straddles the offsets grid, before and after the index, and answer the same', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, log(7 * MB));
    const cacheDir = tempDir();
    const window = { from: T0 + 2.3 * HOUR, to: T0 + 9.9 * HOUR };
    const scan = { reference: T0, cacheDir, budgetBytes: 1 << 30 };
    const info = await inspectFile(file, T0);
    // No index yet: the located stretch is cut at line starts, so the parts differ by a line at most.
    const cold = (await planUnits([info], [window], scan, MB)).map(unitBytes);
    const total = cold.reduce((a, b) => a + b, 0);
    expect(cold.length).toBe(Math.ceil(total / MB));
    for (const b of cold) expect(Math.abs(b - total / cold.length)).toBeLessThan(200);
    const args = { since: new Date(window.from).toISOString(), until: new Date(window.to).toISOString(), top: 50, baseline: '1m' };
    // On workers (inlineScanBytes 0), as a large source would be: 7 MB is scanned in the server's thread by default.
    // A time budget no loaded machine reaches (as in split-scan.test.ts): a sampled read would answer differently.
    const split = await connect({ sources: [dir], at: T0 + 12 * HOUR, cacheDir, unitBytes: MB, scanThreads: 2, inlineScanBytes: 0, timeBudgetMs: 10 * 60_000 });
    const first = await split.call('error_signatures', args); // builds the index of the window
    expect(first.isError, first.text).toBe(false);
    // Indexed: the parts end at block starts, so they differ by a block at most.
    const indexed = (await planUnits([info], [window], scan, MB)).map(unitBytes);
    expect(indexed.length).toBeGreaterThanOrEqual(4);
    const mean = indexed.reduce((a, b) => a + b, 0) / indexed.length;
    for (const b of indexed) expect(Math.abs(b - mean)).toBeLessThanOrEqual(BLOCK_BYTES);
    const again = await split.call('error_signatures', args);
    // The same reads as one unit: cold (a fresh cache) and with the index the split call built.
    const whole = (cache: string) => connect({ sources: [dir], at: T0 + 12 * HOUR, cacheDir: cache, unitBytes: 1 << 30, scanThreads: 1, timeBudgetMs: 10 * 60_000 });
    expect((await (await whole(tempDir())).call('error_signatures', args)).json()).toEqual(first.json());
    expect((await (await whole(cacheDir)).call('error_signatures', args)).json()).toEqual(again.json());
    expect(first.json<{ signatures: Array<{ template: string }> }>().signatures.some((s) => s.template.includes('refused connection'))).toBe(true);
  });
});
