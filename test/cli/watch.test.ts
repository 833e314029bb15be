// `rca watch` as an operator runs it: the built CLI listening on loopback, an alert POSTed to it becomes a
// stored investigation, a webhook receives it, status shows it, SIGTERM stops it; kill -9 loses no alert.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../helpers/prometheus.js';
import { REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const DEMO = resolve(REPO_ROOT, 'fixtures', 'checkout-500');
const SOURCES = ['--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om')];

interface Watch {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startWatch(args: string[]): Watch {
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin', 'rca.js'), 'watch', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(what: string, fn: () => Promise<T | null> | T | null, deadlineMs = 60_000, detail = () => ''): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await Promise.resolve(fn()).catch(() => null);
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} not seen within ${deadlineMs} ms\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'watch-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'copilot.db');
}

async function receiver(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; server: Server }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => (b += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(b) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('rca watch (built CLI)', () => {
  it('turns a POSTed alert into a stored investigation, delivers it, shows it in status, stops on SIGTERM', async () => {
    const db = tempDb();
    const port = await freePort();
    const hook = await receiver();
    const w = startWatch([...SOURCES, '--db', db, '--listen', `127.0.0.1:${port}`, '--webhook', hook.url, '--interval', '1s']);
    const base = `http://127.0.0.1:${port}`;
    await until('the listener', async () => ((await fetch(`${base}/healthz`)).ok ? true : null), 30_000, w.stderr);
    const res = await post(`${base}/alert`, { title: 'checkout returns 500s', service: 'checkout', started_at: '2026-02-17T15:00:00Z' });
    expect(res.status).toBe(202);
    const line = await until('the investigation line', () => /rca show (inv-[\w-]+)/.exec(w.stdout()), 60_000, w.stderr);
    const invId = line[1]!;
    expect(w.stdout()).toMatch(/checkout returns 500s -> checkout: .*resource_exhaustion/);
    const body = await until('the webhook', () => hook.bodies[0] ?? null, 30_000, w.stderr);
    expect(body).toMatchObject({ investigation_id: invId, root_cause: { service: 'checkout' } });

    const status = await runCliJson<{ watchers: Array<{ alive: boolean; settings: Record<string, unknown> }>; queue: Record<string, number>; incidents: Array<Record<string, unknown>>; deliveries: Array<Record<string, unknown>> }>('rca', ['watch', 'status', '--json', '--db', db]);
    expect(status.json.watchers[0]).toMatchObject({ alive: true, settings: { listen: `127.0.0.1:${port}` } });
    expect(status.json.queue).toMatchObject({ done: 1, alerts: 1 });
    expect(status.json.incidents[0]).toMatchObject({ state: 'done', investigation_id: invId, service: 'checkout' });
    expect(status.json.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 1 });
    const shown = await runCliJson<{ root_cause: { service: string } }>('rca', ['show', invId, '--json', '--db', db]);
    expect(shown.json.root_cause.service).toBe('checkout');

    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.stderr()).toMatch(/SIGTERM/);
    const after = await runCliJson<{ watchers: Array<{ alive: boolean }> }>('rca', ['watch', 'status', '--json', '--db', db]);
    expect(after.json.watchers[0]!.alive).toBe(false);
  });

  it('groups a burst into one investigation per service and loses no alert across a kill -9', async () => {
    const db = tempDb();
    const port = await freePort();
    const w = startWatch([...SOURCES, '--db', db, '--listen', `127.0.0.1:${port}`, '--concurrency', '1', '--interval', '1h']);
    const base = `http://127.0.0.1:${port}`;
    await until('the listener', async () => ((await fetch(`${base}/healthz`)).ok ? true : null), 30_000, w.stderr);
    const services = ['checkout', 'payments', 'cart', 'search'];
    const sent = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(`${base}/alert`, { title: `alert ${i} on ${services[i % 4]}`, service: services[i % 4], key: `k${i}`, started_at: '2026-02-17T15:00:00Z' }).then((r) => r.status),
      ),
    );
    expect(sent.every((s) => s === 202)).toBe(true);
    w.child.kill('SIGKILL');
    await w.exited;
    const mid = await runCliJson<{ queue: Record<string, number> }>('rca', ['watch', 'status', '--json', '--db', db]);
    expect(mid.json.queue.alerts).toBe(200);
    const resumed = await runCli('rca', ['watch', '--once', ...SOURCES, '--db', db], { timeoutMs: 120_000 });
    expect(resumed.exitCode).toBe(0);
    const end = await runCliJson<{ queue: Record<string, number>; incidents: Array<{ state: string; alert_count: number }> }>('rca', ['watch', 'status', '--json', '--db', db, '--limit', '100']);
    expect(end.json.incidents).toHaveLength(4);
    expect(end.json.incidents.reduce((a, i) => a + i.alert_count, 0)).toBe(200);
    expect(end.json.queue).toMatchObject({ queued: 0, running: 0, done: 4, alerts: 200 });
  });

  it('refuses bad settings with what to fix (exit 2)', async () => {
    const db = tempDb();
    const bad = await runCli('rca', ['watch', '--once', '--interval', '0s', '--db', db]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--interval 0s: give a duration/);
    const open = await runCli('rca', ['watch', '--listen', '0.0.0.0:9095', '--db', db, ...SOURCES]);
    expect(open.exitCode).toBe(2);
    expect(open.stderr).toMatch(/not a loopback address[\s\S]*--token-env/);
    const unset = await runCli('rca', ['watch', '--once', '--token-env', 'RCA_TEST_UNSET_TOKEN', '--db', db, ...SOURCES], { env: { RCA_TEST_UNSET_TOKEN: '' } });
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr).toMatch(/RCA_TEST_UNSET_TOKEN/);
    // The watch: section of the config file is checked the same way, and a flag still wins over it.
    const dir = mkdtempSync(join(tmpdir(), 'rca-watch-config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'rca.config.yaml'), 'watch:\n  interval: 0s\n');
    const fromFile = await runCli('rca', ['watch', '--once', '--config', join(dir, 'rca.config.yaml'), '--db', db, ...SOURCES]);
    expect(fromFile.exitCode).toBe(2);
    expect(fromFile.stderr).toMatch(/rca\.config\.yaml:2:13: watch\.interval: watch\.interval 0s: give a duration/);
    const fromEnv = await runCli('rca', ['watch', '--once', '--db', db, ...SOURCES], { env: { RCA_WATCH_CONCURRENCY: '0' } });
    expect(fromEnv.exitCode).toBe(2);
    expect(fromEnv.stderr).toMatch(/RCA_WATCH_CONCURRENCY: at least 1/);
  });
});
