// rca watch: time from an alert POSTed to the listener to its stored investigation, per shared scenario,
// next to a one-shot `rca --offline` on the same data in the same run; then 1,000 alerts in a minute with a
// kill -9 halfway: watcher peak RSS, alerts recorded, investigations run after the restart.
// Run: npm run build && npm run bench:watch [-- ../shared/scenarios]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIOS = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'scenarios'));
const RCA = join(ROOT, 'bin', 'rca.js');
const tmp = mkdtempSync(join(tmpdir(), 'bench-watch-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });
}

function hwmKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function sources(dir: string): string[] {
  const args = ['--logs', join(dir, 'logs'), '--metrics', join(dir, 'metrics', 'metrics.om')];
  if (existsSync(join(dir, 'repo.bundle'))) {
    const repo = join(tmp, `repo-${dir.split('/').at(-1)}`);
    if (!existsSync(repo)) execFileSync('git', ['clone', '-q', join(dir, 'repo.bundle'), repo]);
    args.push('--repo', repo);
  }
  return args;
}

function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [RCA, 'watch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  return { child, out: () => out, err: () => err };
}

async function until<T>(fn: () => Promise<T | null> | T | null, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await Promise.resolve(fn()).catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function latency(dir: string, runs: number): Promise<{ watchMs: number; oneShotMs: number }> {
  const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { at: string };
  const incident = readFileSync(join(dir, 'incident.txt'), 'utf8').trim();
  const port = await freePort();
  const db = join(tmp, `lat-${port}.db`);
  const w = start([...sources(dir), '--db', db, '--listen', `127.0.0.1:${port}`, '--group-window', '0s', '--concurrency', '1']);
  await until(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : null), 30_000);
  const watchMs: number[] = [];
  const oneShotMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = (w.out().match(/rca show/g) ?? []).length;
    const t0 = performance.now();
    await post(`http://127.0.0.1:${port}/alert`, { title: `${incident} (#${i})`, key: `bench-${i}`, started_at: scenario.at });
    await until(() => ((w.out().match(/rca show/g) ?? []).length > before ? true : null), 120_000).catch((e: Error) => {
      throw new Error(`${e.message}: no investigation line from rca watch\n${w.err()}`);
    });
    watchMs.push(performance.now() - t0);
    const t1 = performance.now();
    execFileSync(process.execPath, [RCA, incident, ...sources(dir), '--at', scenario.at, '--offline', '--json', '--quiet', '--db', join(tmp, 'oneshot.db')], { stdio: 'ignore' });
    oneShotMs.push(performance.now() - t1);
  }
  w.child.kill('SIGTERM');
  return { watchMs: median(watchMs), oneShotMs: median(oneShotMs) };
}

async function burst(dir: string): Promise<void> {
  const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { at: string };
  const port = await freePort();
  const db = join(tmp, 'burst.db');
  const args = [...sources(dir), '--db', db, '--concurrency', '2'];
  const w = start([...args, '--listen', `127.0.0.1:${port}`]);
  await until(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : null), 30_000);
  const services = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
  const t0 = performance.now();
  let accepted = 0;
  for (let i = 0; i < 1000; i++) {
    if (i === 500) {
      // Halfway: the watcher dies without warning; a new one picks up the stored queue.
      w.child.kill('SIGKILL');
      await new Promise((r) => w.child.once('exit', r));
      const w2 = start([...args, '--listen', `127.0.0.1:${port}`]);
      await until(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : null), 30_000);
      Object.assign(w, w2);
    }
    const r = await post(`http://127.0.0.1:${port}/alert`, { title: `alert ${i}`, service: services[i % 20], key: `k${i}`, started_at: scenario.at });
    if (r.status === 202) accepted++;
    const due = t0 + (i + 1) * 60; // 1,000 over 60 s
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r2) => setTimeout(r2, wait));
  }
  const peak = hwmKb(w.child.pid!);
  w.child.kill('SIGTERM');
  await new Promise((r) => w.child.once('exit', r));
  execFileSync(process.execPath, [RCA, 'watch', '--once', ...args], { stdio: 'ignore' });
  const status = JSON.parse(execFileSync(process.execPath, [RCA, 'watch', 'status', '--json', '--db', db, '--limit', '1000'], { encoding: 'utf8' })) as {
    queue: Record<string, number>;
    incidents: Array<{ alert_count: number }>;
  };
  const filed = status.incidents.reduce((a, i) => a + i.alert_count, 0);
  console.log(`\n1,000 alerts over ${((performance.now() - t0) / 1000).toFixed(0)} s, kill -9 after 500:`);
  console.log(`  accepted ${accepted}, recorded ${status.queue.alerts}, filed into incidents ${filed} (lost ${1000 - status.queue.alerts})`);
  console.log(`  incidents ${status.incidents.length} (20 services), done ${status.queue.done}, failed ${status.queue.failed}, queued ${status.queue.queued}`);
  console.log(`  second watcher peak RSS ${(peak / 1024).toFixed(0)} MB`);
}

const dirs = readdirSync(SCENARIOS).map((d) => join(SCENARIOS, d)).filter((d) => existsSync(join(d, 'scenario.json')));
console.log('alert -> stored investigation (median of 3), next to one-shot rca --offline on the same data; target < 3,000 ms');
console.log('scenario                      watch ms   one-shot rca ms   ratio');
for (const d of dirs) {
  const r = await latency(d, 3);
  console.log(`${d.split('/').at(-1)!.padEnd(28)} ${r.watchMs.toFixed(0).padStart(8)} ${r.oneShotMs.toFixed(0).padStart(17)} ${(r.watchMs / r.oneShotMs).toFixed(2).padStart(7)}`);
}
await burst(dirs[0]!);
rmSync(tmp, { recursive: true, force: true });
