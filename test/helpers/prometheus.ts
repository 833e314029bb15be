// Starts a real Prometheus (Debian's `prometheus` package) on a backfilled copy of an OpenMetrics file for
// the metrics server tests: promtool builds the TSDB blocks, Prometheus serves them on a free local port.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrationRequired, onPath, startDaemon } from './daemon.js';

const missing = ['prometheus', 'promtool'].filter((b) => !onPath(b));
export const prometheusRequired = integrationRequired;
/** Run the Prometheus tests when the binaries are there, or always under REQUIRE_INTEGRATION=1 (then they fail). */
export const prometheusAvailable = missing.length === 0 || prometheusRequired;
export const prometheusSkipReason = prometheusAvailable
  ? ''
  : `skipped: needs ${missing.join(' and ')}; enable with: apt-get install -y prometheus`;

export interface RunningPrometheus {
  url: string;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Backfills `omFile` into a temp TSDB and starts Prometheus on it; resolves once /-/ready answers 200. */
export async function startPrometheus(omFile: string, readyDeadlineMs = 60_000): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'prom-'));
  const data = join(dir, 'data');
  const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', omFile, data], { encoding: 'utf8' });
  if (backfill.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool backfill of ${omFile} failed (${backfill.error?.message ?? `exit ${backfill.status}`}): ${backfill.stderr}`);
  }
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon({
    name: 'prometheus',
    dir,
    command: 'prometheus',
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    ready: async () => (await fetch(`${url}/-/ready`)).status === 200,
    readyDeadlineMs,
    stopGraceMs: 10_000,
  });
  return { url, dir, ...daemon };
}
