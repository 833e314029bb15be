// The file source's loading around the calls: the parse started early (warm) is the one the calls use, a failed one
// is reported by the calls and never thrown on its own, and a snapshot answers from the file as loaded.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileMetricsSource } from '../../../servers/metrics/file-source.js';
import { SourceError } from '../../../servers/metrics/source.js';

const dirs: string[] = [];
function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-file-'));
  dirs.push(dir);
  const path = join(dir, 'm.om');
  writeFileSync(path, text);
  return path;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ONE = 'up{job="a"} 1 1700000000\nup{job="a"} 1 1700000060\n';
const TWO = `${ONE}up{job="b"} 0 1700000000\nup{job="b"} 0 1700000060\n`;

describe('FileMetricsSource', () => {
  it('warm() starts the load the calls then share', async () => {
    const src = new FileMetricsSource(file(ONE));
    src.warm();
    const first = src.store();
    expect(await src.store()).toBe(await first);
    expect((await src.listSeries([])).map((s) => s.labels.job)).toEqual(['a']);
  });

  it('warm() on a missing or broken file throws nothing; the calls report it', async () => {
    const missing = new FileMetricsSource(join(tmpdir(), 'no-such-dir-metrics', 'm.om'));
    missing.warm();
    await expect(missing.listSeries([])).rejects.toBeInstanceOf(SourceError);
    const broken = new FileMetricsSource(file('up{job="a" 1 1700000000\n'));
    broken.warm();
    await new Promise((r) => setTimeout(r, 20)); // an unhandled rejection would fail the run here
    await expect(broken.listSeries([])).rejects.toThrow(/not valid OpenMetrics/);
  });

  it('a snapshot keeps answering from the file as loaded; the source itself re-reads a changed file', async () => {
    const path = file(ONE);
    const src = new FileMetricsSource(path);
    const snap = await src.snapshot();
    writeFileSync(path, TWO);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await snap.listSeries([])).map((s) => s.labels.job)).toEqual(['a']);
    expect((await src.listSeries([])).map((s) => s.labels.job)).toEqual(['a', 'b']);
    const again = await src.snapshot();
    expect((await again.queryRange('up', 1700000060_000, 1700000060_000, 60_000)).result.map((r) => r.metric.job)).toEqual(['a', 'b']);
  });
});
