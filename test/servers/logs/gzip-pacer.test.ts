// A .gz file cannot be read in pieces: past the time budget it is sampled as it streams (1 piece in N parsed,
// entries weighted N) and the output says so, instead of timing out or silently reading only its beginning.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipPacer } from '../../../servers/logs/gzip-pacer.js';
import { connect, tempDir } from './helpers.js';

const MB = 1 << 20;

/** Feeds the pacer chunks of 1 MB inflated (4x compression) that each take `msPerChunk` on a fake clock. */
function drive(pacer: GzipPacer, clock: { t: number }, chunks: number, msPerChunk: number): { parsed: number; stoppedAt: number | null } {
  let parsed = 0;
  for (let i = 1; i <= chunks; i++) {
    const skipped = pacer.skip();
    clock.t += skipped ? msPerChunk / 4 : msPerChunk;
    if (!skipped) parsed++;
    if (!pacer.onChunk(i, i * MB, (i * MB) / 4)) return { parsed, stoppedAt: i };
  }
  return { parsed, stoppedAt: null };
}

describe('gzip pacer', () => {
  it('reads a stream in full while its pace fits the deadline', () => {
    const clock = { t: 0 };
    const pacer = new GzipPacer(25 * MB, 20_000, () => clock.t);
    expect(drive(pacer, clock, 100, 100)).toEqual({ parsed: 100, stoppedAt: null });
    expect(pacer.sampled).toBe(false);
    expect(pacer.coverage('a.log.gz').fraction).toBe(1);
  });

  it('parses 1 piece in N once the pace says the stream would end past the deadline, and finishes in time', () => {
    const clock = { t: 0 };
    const pacer = new GzipPacer(100 * MB, 20_000, () => clock.t);
    const r = drive(pacer, clock, 400, 100); // 40 s of work in full
    expect(r.stoppedAt).toBeNull();
    expect(clock.t).toBeLessThanOrEqual(20_000);
    expect(pacer.sampled).toBe(true);
    expect(pacer.stride).toBeGreaterThanOrEqual(2);
    const c = pacer.coverage('a.log.gz');
    expect(c.stride).toBe(pacer.stride);
    expect(c.fraction).toBeGreaterThan(0);
    expect(c.fraction).toBeLessThan(1);
    // Entries of the sampled part weigh for the pieces skipped: the estimate covers the whole stream.
    expect(Math.abs(8 + (r.parsed - 8) * pacer.stride - 400)).toBeLessThanOrEqual(pacer.stride);
  });

  it('stops at the deadline when even inflating would not finish', () => {
    const clock = { t: 0 };
    const pacer = new GzipPacer(1000 * MB, 2_000, () => clock.t);
    const r = drive(pacer, clock, 4000, 100);
    expect(r.stoppedAt).not.toBeNull();
    expect(pacer.coverage('a.log.gz').fraction).toBeLessThan(0.1);
  });

  it('says in the tool output that a .gz file was sampled as it streamed', async () => {
    const T0 = Date.parse('2025-03-04T00:00:00Z');
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i++) rows.push(`${new Date(T0 + i * 400).toISOString()} ${i % 9 ? 'INFO' : 'ERROR'} [svc] request ${i} done ${'p'.repeat(40)}`);
    const dir = tempDir({ 'app.log.gz': gzipSync(`${rows.join('\n')}\n`) });
    // No time at all: the budget is spent before the first piece.
    const { call } = await connect({ sources: [dir], at: T0 + 24 * 3_600_000, cacheDir: tempDir(), timeBudgetMs: 0 });
    const r = await call('log_stats', { since: new Date(T0).toISOString(), until: new Date(T0 + 24 * 3_600_000).toISOString(), bucket: '1h' });
    expect(r.isError).toBe(false);
    expect(r.json<{ sampling?: string }>().sampling).toMatch(/app\.log\.gz.*\.gz is inflated in order/);
  });
});
