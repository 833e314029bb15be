// Where the windowed scans run: over small sources in the server's thread (no worker started), over large ones on
// the worker pool, with the same answers either way; searches stay on workers whatever the size.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../../src/core/logs/file-info.js';
import { runScan, scanPoolCounts } from '../../../servers/logs/scan-pool.js';
import { INLINE_SCAN_BYTES, inlineScans, scanRunner, sourcesNeedWorkers } from '../../../servers/logs/scan-place.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

// TrainTicket-shaped logs with trace ids and warnings (140 KB): every windowed tool has something to say.
const DIR = path.join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced');
const AT = Date.parse('2023-01-29T11:08:00Z');
const WINDOW = { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' };
const CALLS = [
  ['error_signatures', { ...WINDOW, top: 40 }],
  ['log_stats', { ...WINDOW, bucket: '1m' }],
  ['request_flows', WINDOW],
] as const;

async function answers(inlineScanBytes?: number): Promise<unknown[]> {
  const { call } = await connect({ sources: [DIR], at: AT, cacheDir: tempDir(), inlineScanBytes });
  const out: unknown[] = [];
  for (const [tool, args] of CALLS) {
    const r = await call(tool, args);
    expect(r.isError, r.text).toBe(false);
    out.push(r.json());
  }
  return out;
}

const info = (file: string, bytes: number): FileInfo => ({ file, bytes, mtimeMs: 0, binary: false, empty: false, format: 'iso' });

describe('scan placement', () => {
  it('scans a small source in the server thread without starting a worker, and a large one on workers, alike', async () => {
    const pool0 = scanPoolCounts();
    const inline0 = inlineScans();
    const small = await answers();
    expect(scanPoolCounts()).toEqual(pool0);
    expect(inlineScans()).toBeGreaterThanOrEqual(inline0 + CALLS.length);

    // The same files count as large when the limit is below their size: every scan then takes a worker.
    const inline1 = inlineScans();
    const large = await answers(1024);
    expect(inlineScans()).toBe(inline1);
    expect(scanPoolCounts().tasks).toBeGreaterThanOrEqual(pool0.tasks + CALLS.length);
    expect(scanPoolCounts().started).toBeGreaterThan(pool0.started);
    expect(large).toEqual(small);
    // Not equal because both are empty: the answers hold the fixture's requests and warnings.
    const [sigs, , flows] = small as [{ signatures: unknown[] }, unknown, { requests: number }];
    expect(sigs.signatures.length).toBeGreaterThan(0);
    expect(flows.requests).toBeGreaterThan(0);
  });

  it('keeps searches on workers however small the source', async () => {
    const before = scanPoolCounts().tasks;
    const inline0 = inlineScans();
    const { call } = await connect({ sources: [DIR], at: AT });
    const r = await call('search_logs', { pattern: 'TraceID' });
    expect(r.isError, r.text).toBe(false);
    expect(scanPoolCounts().tasks).toBeGreaterThan(before);
    expect(inlineScans()).toBe(inline0);
  });

  it('chooses by the bytes of all the files of a call, a .gz file weighing as inflated', () => {
    const half = INLINE_SCAN_BYTES / 2;
    expect(scanRunner([info('a.log', half), info('b.log', half)])).not.toBe(runScan);
    expect(scanRunner([info('a.log', half), info('b.log', half + 1)])).toBe(runScan);
    expect(scanRunner([info('a.log.gz', INLINE_SCAN_BYTES / 4)])).toBe(runScan);
  });

  it('has workers prewarmed only for sources larger than the limit, by their sizes on disk', async () => {
    const dir = tempDir({ 'a.log': 'x'.repeat(3000), 'b.log': 'y'.repeat(3000) });
    expect(await sourcesNeedWorkers([dir])).toBe(false);
    expect(await sourcesNeedWorkers([dir], 5000)).toBe(true);
    expect(await sourcesNeedWorkers([path.join(dir, 'a.log')], 5000)).toBe(false);
    writeFileSync(path.join(dir, 'c.log.gz'), Buffer.alloc(600));
    expect(await sourcesNeedWorkers([path.join(dir, '*.gz')], 5000)).toBe(true);
  });
});
