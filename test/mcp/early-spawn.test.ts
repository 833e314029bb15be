// Servers spawned ahead of their hub (src/mcp/early-spawn.ts): the SDK Client over ChildProcessTransport against a
// real built-in server, the hub adopting those children (and restarting a crashed one), failures worded as before.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoSources } from '../../src/core/config-demo.js';
import { builtinServerSpecs, serverLaunchSpecs, type ServerLaunchSpec } from '../../src/core/config-launch.js';
import { ChildProcessTransport } from '../../src/mcp/child-transport.js';
import { defaultEnvironment, EarlyServers, spawnEarly } from '../../src/mcp/early-spawn.js';
import { startHub, type HubOptions } from '../../src/mcp/index.js';
import { fixtureSpec, processAlive, recorder, ROOT, waitFor } from './helpers.js';

const bundled = existsSync(resolve(ROOT, 'dist', 'bundle', 'logs-server.mjs'));
const demoPresent = existsSync(resolve(ROOT, 'fixtures', 'checkout-500', 'logs'));

/** The fixture server as a built-in would be launched (only built-ins are spawned early). */
const builtinFixture = (name: string, ...args: string[]): ServerLaunchSpec => ({ ...fixtureSpec(name, ...args), builtin: true });

function early(specs: ServerLaunchSpec[]): EarlyServers {
  const e = spawnEarly(specs);
  onTestFinished(() => e.close());
  return e;
}

async function hub(options: HubOptions) {
  const h = await startHub(options);
  onTestFinished(() => h.close());
  return h;
}

/** Waits for a process to be gone (a test failure names it). */
const gone = (pid: number, what: string) => waitFor(() => !processAlive(pid), what);

describe.skipIf(!bundled || !demoPresent)('ChildProcessTransport with a built-in server (needs npm run build)', () => {
  it('initializes, lists tools, answers a call and closes the logs server it did not spawn', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'rca-early-demo-'));
    onTestFinished(() => rmSync(cacheDir, { recursive: true, force: true }));
    const demo = await demoSources({ cacheDir });
    const spec = serverLaunchSpecs({ sources: demo.sources, mcpServers: {}, at: demo.at }).find((s) => s.name === 'logs')!;
    const child = early([spec]).claim(spec)!;
    expect(child.process.pid).toBeGreaterThan(0);

    const transport = new ChildProcessTransport(child);
    let stderr = '';
    transport.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const client = new Client({ name: 'test', version: '0' });
    await client.connect(transport);
    expect(transport.pid).toBe(child.process.pid);
    expect(client.getServerVersion()?.name).toMatch(/logs/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('search_logs');
    const result = (await client.callTool({ name: 'search_logs', arguments: { pattern: 'Connection pool exhausted' } })) as { content: Array<{ type: string; text: string }> };
    expect(JSON.parse(result.content[0]!.text).total).toBeGreaterThan(0);

    const pid = child.process.pid!;
    await client.close();
    expect(transport.pid).toBeNull();
    await gone(pid, 'the logs server to exit after close');
    expect(child.process.exitCode ?? child.process.signalCode).not.toBeNull();
    expect(typeof stderr).toBe('string');
  });
});

describe('the hub adopting servers spawned early', () => {
  it('serves through the early child, times its start from the spawn, and restarts it once after a crash', async () => {
    const spec = builtinFixture('t');
    const e = early([spec]);
    const earlyPid = e.unclaimed()[0]!.process.pid!;
    // The hub starts a while after the spawn, as in rca (its code loads in between).
    await new Promise((r) => setTimeout(r, 200));
    const rec = recorder();
    const h = await hub({ servers: [spec], events: rec.sink, early: e });
    const health = h.health()[0]!;
    expect(health).toMatchObject({ name: 't', status: 'ready', pid: earlyPid, restarts: 0 });
    expect(health.startMs).toBeGreaterThanOrEqual(200);
    expect((await h.call('t__whoami', {})).text).toBe(String(earlyPid));

    const crash = await h.call('t__crash', {});
    expect(crash.ok).toBe(false);
    expect(crash.text).toContain('restarted once');
    await gone(earlyPid, 'the crashed early child to be gone');
    const again = await h.call('t__whoami', {});
    expect(again.ok).toBe(true);
    expect(again.text).not.toBe(String(earlyPid));
    expect(h.health()[0]).toMatchObject({ status: 'ready', restarts: 1, pid: Number(again.text) });
    expect(rec.events.filter((ev) => ev.type === 'server_ready')).toHaveLength(2);

    const restartedPid = Number(again.text);
    await h.close();
    await gone(restartedPid, 'the restarted server to exit when the hub closes');
  });

  it('adopts only an identical launch: a different one is spawned by the hub, and close() stops the unclaimed child', async () => {
    const spawned = builtinFixture('t', '--flag-a');
    const e = early([spawned]);
    const orphan = e.unclaimed()[0]!.process.pid!;
    const h = await hub({ servers: [builtinFixture('t', '--flag-b')], early: e });
    expect(h.health()[0]).toMatchObject({ status: 'ready' });
    expect(h.health()[0]!.pid).not.toBe(orphan);
    expect(processAlive(orphan)).toBe(true);
    e.close();
    await gone(orphan, 'the unclaimed early child to be stopped');
  });

  it('words a failed start as the hub does when it spawns: exit at start, a missing command, a missing bundle', async () => {
    const missingBundle = builtinServerSpecs({ logs: ['/tmp'] }, { root: mkdtempSync(join(tmpdir(), 'rca-unbuilt-')) })[0]!;
    const specs = [builtinFixture('dead', '--exit-at-start'), { name: 'ghost', command: '/nonexistent/mcp-server', args: [], builtin: true }, missingBundle];
    const viaEarly = await hub({ servers: specs, early: early(specs) });
    const viaHub = await hub({ servers: specs });
    const errors = (h: typeof viaHub) => h.health().map((s) => [s.name, s.status, s.error]);
    expect(errors(viaEarly)).toEqual(errors(viaHub));
    const [dead, ghost, logs] = viaEarly.health();
    expect(dead!.error).toContain('refusing to start (--exit-at-start)');
    expect(ghost!.error).toMatch(/^command not found \(.*ENOENT/);
    expect(logs!.error).toMatch(/Cannot find module .*\(not built yet\? run: npm run build\)/);
  });

  it('spawns only the built-in servers: an extra server starts with its hub', () => {
    const e = early([builtinFixture('b'), fixtureSpec('extra')]);
    expect(e.claim(fixtureSpec('extra'))).toBeUndefined();
    expect(e.claim(builtinFixture('b'))?.process.pid).toBeGreaterThan(0);
  });

  it('gives a server the environment the SDK would, plus its own', () => {
    expect(defaultEnvironment()).toEqual(getDefaultEnvironment());
    expect(defaultEnvironment({ PATH: '/bin', HOME: '() { evil; }', SECRET: 'x' })).toEqual({ PATH: '/bin' });
  });

  it('stops the children nobody adopted when the process exits', async () => {
    // A process that spawns early and exits at once, as rca does when it fails before its hub starts; the server
    // (one that never answers) would outlive it if nothing stopped it.
    const script = `
      const { spawnEarly } = await import(${JSON.stringify(resolve(ROOT, 'src', 'mcp', 'early-spawn.ts'))});
      const e = spawnEarly([${JSON.stringify(builtinFixture('t', '--hang-at-start'))}]);
      const child = e.unclaimed()[0].process;
      child.once('spawn', () => { process.stdout.write(String(child.pid)); process.exit(1); });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    const pid = Number(out);
    expect(pid).toBeGreaterThan(0);
    onTestFinished(() => void (processAlive(pid) && process.kill(pid, 'SIGKILL')));
    await gone(pid, 'the early child to be stopped when its parent exited');
  });
});
