// list_sources on a file too large to count in a call: lines estimated from even samples (and said so), the first and
// last times still exact from the head and the tail; a smaller file is counted exactly.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { summarize } from '../../../servers/logs/source-summary.js';
import { tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');

describe('list_sources line counts', () => {
  it('estimates the lines of a file above the threshold within a few percent, and says so', async () => {
    const rows: string[] = [];
    // Lines of varying length (30..130 bytes of text), so the estimate is not exact by construction.
    for (let i = 0; i < 60_000; i++) rows.push(`${new Date(T0 + i * 1_000).toISOString()} INFO [api] request ${i} ${'p'.repeat(i % 101)}`);
    const dir = tempDir({ 'app.log': `${rows.join('\n')}\n` });
    const info = await inspectFile(path.join(dir, 'app.log'), T0);
    const exact = await summarize(info, T0);
    expect(exact.lines).toBe(60_000);
    expect(exact.lines_estimated).toBeUndefined();
    const est = await summarize(info, T0, 1024 * 1024);
    expect(est.lines_estimated).toBe(true);
    expect(Math.abs(est.lines - 60_000) / 60_000).toBeLessThan(0.05);
    expect([est.first_time, est.last_time]).toEqual([exact.first_time, exact.last_time]);
  });
});
