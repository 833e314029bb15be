// The file source's snapshot: the many queries of one call answered from the file as loaded (checked once), while the
// source itself still re-reads a file that changed.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileMetricsSource } from '../../../servers/metrics/file-source.js';

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
