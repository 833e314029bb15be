// Starts a real Prometheus (Debian's `prometheus` package) on a backfilled copy of an OpenMetrics file for
// the metrics server tests: promtool builds the TSDB blocks, Prometheus serves them on a free local port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = ['prometheus', 'promtool'].filter((b) => !onPath(b));
export const prometheusRequired = process.env.REQUIRE_INTEGRATION === '1';
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
  const logFile = join(dir, 'prometheus.log');
  const fd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let exited: string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = `exit ${code ?? signal}`;
      resolve();
    });
    child.on('error', (err) => {
      exited = err.message;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + readyDeadlineMs;
  for (;;) {
    if (exited !== null) {
      const tail = log().split('\n').slice(-20).join('\n');
      await stop();
      throw new Error(`prometheus stopped before it was ready (${exited}):\n${tail}`);
    }
    const ok = await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > end) {
      const tail = log().split('\n').slice(-20).join('\n');
      await stop();
      throw new Error(`prometheus not ready within ${readyDeadlineMs} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dir, log, stop };
}
