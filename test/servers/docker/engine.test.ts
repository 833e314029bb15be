// The docker server against a real dockerd (Debian docker.io) on a temp socket: list, health, logs, events,
// a non-zero exit, an OOM kill, restart, update_resources, exec, the mutation guard and vanishing containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEvent, ContainerSummary } from '../../../src/core/evidence.js';
import { engineSource } from '../../../servers/docker/server.js';
import { type Dockerd, dockerdAvailable, dockerdSkipReason, runContainer, runOomKilledContainer, startDockerd, waitForContainer } from '../../helpers/dockerd.js';
import { connectDocker, textOf, type ToolClient } from './client.js';

// PID 1 in a container ignores SIGTERM unless it traps it; trap so restarts and removal are quick.
const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';

describe.skipIf(!dockerdAvailable)(`docker server on a real dockerd ${dockerdSkipReason}`, () => {
  let d: Dockerd;
  let rw: ToolClient; // started with --allow-mutations
  let ro: ToolClient; // read-only
  const t0 = new Date(Date.now() - 5000).toISOString();

  beforeAll(async () => {
    d = await startDockerd();
    const source = engineSource(d.socket);
    rw = await connectDocker({ source, allowMutations: true });
    ro = await connectDocker({ source, allowMutations: false });
    await runContainer(d, 'web', {
      cmd: ['sh', '-c', `touch /tmp/healthy; echo "started web"; echo "password=hunter2 in a log"; echo "warn: to stderr" >&2; ${LOOP}`],
      env: ['DB_PASSWORD=hunter2', 'APP_MODE=test', 'DATABASE_URL=postgres://app:pw123@db:5432/x'],
      healthcheck: { test: ['CMD-SHELL', 'test -e /tmp/healthy'], intervalMs: 500 },
    });
    await runContainer(d, 'crasher', { cmd: ['sh', '-c', 'echo "fatal: cannot open /etc/app.conf" >&2; exit 3'] });
    await runContainer(d, 'ttyapp', { cmd: ['sh', '-c', 'echo hello-from-tty'], tty: true });
    await waitForContainer(d, 'web', 'healthy', (c) => c.State.Health?.Status === 'healthy');
    await waitForContainer(d, 'crasher', 'exited', (c) => c.State.Status === 'exited');
    await runOomKilledContainer(d, 'hog', 8 * 1024 * 1024);
    await waitForContainer(d, 'ttyapp', 'exited', (c) => c.State.Status === 'exited');
  });

  afterAll(async () => {
    await rw?.close();
    await ro?.close();
    await d?.stop();
  });

  it('lists containers with state, health, exit code and the OOM flag', async () => {
    const r = await ro.json<{ source: string; containers: ContainerSummary[] }>('list_containers');
    expect(r.source).toBe('engine');
    const by = Object.fromEntries(r.containers.map((c) => [c.name, c]));
    expect(by.web).toMatchObject({ state: 'running', health: 'healthy', exit_code: null, oom_killed: false, image: d.image });
    expect(by.crasher).toMatchObject({ state: 'exited', exit_code: 3, oom_killed: false, health: null });
    expect(by.hog).toMatchObject({ state: 'exited', exit_code: 137, oom_killed: true });
    expect(by.hog!.status).toMatch(/OOM killed/);
    const running = await ro.json<{ containers: ContainerSummary[] }>('list_containers', { all: false });
    expect(running.containers.map((c) => c.name)).toEqual(['web']);
  });

  it('reports health, including a non-zero exit and an OOM kill', async () => {
    const web = await ro.json<{ verdict: string; recent_checks: Array<{ exit_code: number }>; healthcheck: string }>('health_check', { container: 'web' });
    expect(web.verdict).toBe('healthy');
    expect(web.healthcheck).toContain('test -e /tmp/healthy');
    expect(web.recent_checks.at(-1)!.exit_code).toBe(0);
    const hog = await ro.json<{ verdict: string; summary: string; oom_killed: boolean }>('health_check', { container: 'hog' });
    expect(hog).toMatchObject({ verdict: 'not_running', oom_killed: true });
    expect(hog.summary).toMatch(/exit code 137, OOM-killed/);
    const crasher = await ro.json<{ exit_code: number; verdict: string }>('health_check', { container: 'crasher' });
    expect(crasher).toMatchObject({ exit_code: 3, verdict: 'not_running' });
  });

  it('reads logs from both streams with timestamps, redacted, honouring tail', async () => {
    const r = await ro.json<{ lines: Array<{ time: string | null; stream: string; text: string }> }>('get_logs', { container: 'web' });
    expect(r.lines).toContainEqual(expect.objectContaining({ stream: 'stdout', text: 'started web' }));
    expect(r.lines).toContainEqual(expect.objectContaining({ stream: 'stderr', text: 'warn: to stderr' }));
    expect(r.lines.every((l) => l.time !== null && l.time.endsWith('Z'))).toBe(true);
    expect(JSON.stringify(r)).not.toContain('hunter2');
    const tail = await ro.json<{ lines: Array<{ text: string }> }>('get_logs', { container: 'crasher', tail: 1 });
    expect(tail.lines).toEqual([expect.objectContaining({ stream: 'stderr', text: 'fatal: cannot open /etc/app.conf' })]);
    const tty = await ro.json<{ lines: Array<{ stream: string; text: string }> }>('get_logs', { container: 'ttyapp' });
    expect(tty.lines).toEqual([expect.objectContaining({ stream: 'tty', text: 'hello-from-tty' })]);
    const future = await ro.json<{ returned: number }>('get_logs', { container: 'web', since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.returned).toBe(0);
  });

  it('returns die and oom events in a bounded window', async () => {
    const r = await ro.json<{ events: ContainerEvent[]; counts: Record<string, number> }>('get_events', { since: t0 });
    expect(r.events).toContainEqual(expect.objectContaining({ action: 'die', container: 'crasher', exit_code: 3 }));
    expect(r.events).toContainEqual(expect.objectContaining({ action: 'oom', container: 'hog' }));
    expect(r.events).toContainEqual(expect.objectContaining({ action: 'die', container: 'hog', exit_code: 137 }));
    expect(r.events).toContainEqual(expect.objectContaining({ action: 'health_status: healthy', container: 'web' }));
    expect(r.events.some((e) => e.action === 'create')).toBe(false); // not in the default kinds
    const one = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0, container: 'crasher', actions: ['all'] });
    expect(new Set(one.events.map((e) => e.container))).toEqual(new Set(['crasher']));
    expect(one.events.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'start', 'die']));
  });

  it('inspects a container with secret env values redacted', async () => {
    const r = await ro.json<{ env: string[]; network_mode: string; command: string; limits: { memory: string } }>('inspect_container', { container: 'web' });
    expect(r.env).toContain('DB_PASSWORD=[REDACTED]');
    expect(r.env).toContain('APP_MODE=test');
    expect(r.env.find((e) => e.startsWith('DATABASE_URL='))).not.toContain('pw123');
    expect(r.network_mode).toBe('none');
    expect(r.limits.memory).toBe('unlimited');
    const hog = await ro.json<{ limits: { memory: string } }>('inspect_container', { container: 'hog' });
    expect(hog.limits.memory).toBe('8m');
  });

  it('offers no mutating tool without --allow-mutations, refuses a call to one and changes nothing', async () => {
    const offered = (await ro.client.listTools()).tools.map((t) => t.name);
    expect(offered.filter((t) => ['restart_container', 'update_resources', 'exec_command'].includes(t))).toEqual([]);
    const before = await ro.json<{ started_at: string }>('inspect_container', { container: 'web' });
    for (const [tool, args] of [
      ['restart_container', { container: 'web', reason: 'test' }],
      ['update_resources', { container: 'web', memory: '64m' }],
      ['exec_command', { container: 'web', command: ['touch', '/tmp/ran'] }],
    ] as const) {
      const r = await ro.call(tool, args);
      expect(r.isError, tool).toBe(true);
      expect(textOf(r)).toMatch(/not found/);
    }
    const after = await ro.json<{ started_at: string; limits: { memory: string } }>('inspect_container', { container: 'web' });
    expect(after.started_at).toBe(before.started_at);
    expect(after.limits.memory).toBe('unlimited');
    const check = await rw.json<{ exit_code: number }>('exec_command', { container: 'web', command: ['test', '-e', '/tmp/ran'] });
    expect(check.exit_code).toBe(1);
  });

  it('execs a command and returns stdout, stderr and the exit code', async () => {
    const r = await rw.json<{ exit_code: number; stdout: string; stderr: string; timed_out: boolean }>('exec_command', {
      container: 'web',
      command: ['sh', '-c', 'echo out; echo err >&2; exit 4'],
    });
    expect(r).toMatchObject({ exit_code: 4, stdout: 'out\n', stderr: 'err\n', timed_out: false });
    const slow = await rw.json<{ timed_out: boolean; exit_code: number | null }>('exec_command', { container: 'web', command: ['sleep', '3'], timeout: 0.5 });
    expect(slow).toMatchObject({ timed_out: true, exit_code: null });
    const secret = await rw.json<{ stdout: string; command: string[] }>('exec_command', { container: 'web', command: ['sh', '-c', 'echo token=abc123secret'] });
    expect(secret.stdout).toBe('token=[REDACTED]\n');
    expect(JSON.stringify(secret.command)).not.toContain('abc123secret');
    const ev = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0, container: 'web', actions: ['exec_start'] });
    expect(ev.events.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(ev)).not.toContain('abc123secret');
    const stopped = await rw.call('exec_command', { container: 'crasher', command: ['true'] });
    expect(stopped.isError).toBe(true);
    expect(textOf(stopped)).toMatch(/not running/);
  });

  it('sees a container turn unhealthy and the health_status event', async () => {
    await rw.json('exec_command', { container: 'web', command: ['rm', '/tmp/healthy'] });
    await waitForContainer(d, 'web', 'unhealthy', (c) => c.State.Health?.Status === 'unhealthy');
    const h = await ro.json<{ verdict: string; failing_streak: number; recent_checks: Array<{ exit_code: number }> }>('health_check', { container: 'web' });
    expect(h.verdict).toBe('unhealthy');
    expect(h.failing_streak).toBeGreaterThanOrEqual(1);
    expect(h.recent_checks.at(-1)!.exit_code).toBe(1);
    const ev = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0, container: 'web' });
    expect(ev.events.map((e) => e.action)).toContain('health_status: unhealthy');
    await rw.json('exec_command', { container: 'web', command: ['touch', '/tmp/healthy'] });
  });

  it('restarts a container, giving the reason, and the engine records a restart event', async () => {
    const r = await rw.json<{ restarted: boolean; before: ContainerSummary; after: ContainerSummary }>('restart_container', {
      container: 'web',
      reason: 'test restart after failing healthcheck',
      stop_timeout: 5,
    });
    expect(r.restarted).toBe(true);
    expect(r.after.state).toBe('running');
    const before = await ro.json<{ started_at: string }>('inspect_container', { container: 'web' });
    expect(Date.parse(before.started_at)).toBeGreaterThan(Date.parse(t0));
    const ev = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0, container: 'web' });
    expect(ev.events.map((e) => e.action)).toContain('restart');
  });

  it('updates memory and cpus, and rejects out-of-range values before asking the engine', async () => {
    const r = await rw.json<{ before: { memory: string; cpus: number | null }; after: { memory: string; cpus: number | null } }>('update_resources', {
      container: 'web',
      memory: '64m',
      cpus: 0.5,
    });
    expect(r.before).toEqual({ memory: 'unlimited', cpus: null });
    expect(r.after).toEqual({ memory: '64m', cpus: 0.5 });
    const raw = await d.http.request('GET', '/containers/web/json');
    expect(JSON.parse(raw.body.toString()).HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, NanoCpus: 500_000_000 });
    // A container created with a swap limit (hog: 8m/8m) can still be raised above it.
    const hog = await rw.json<{ after: { memory: string } }>('update_resources', { container: 'hog', memory: '32m' });
    expect(hog.after.memory).toBe('32m');
    for (const [args, msg] of [
      [{ cpus: 100 }, /at most 64/],
      [{ cpus: 0 }, /above 0/],
      [{ memory: '2m' }, /at least 4m/],
      [{ memory: 'lots' }, /e\.g\. 512m/],
      [{}, /nothing to update/],
    ] as const) {
      const bad = await rw.call('update_resources', { container: 'web', ...args });
      expect(bad.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(bad)).toMatch(msg);
    }
    const still = await ro.json<{ limits: { memory: string } }>('inspect_container', { container: 'web' });
    expect(still.limits.memory).toBe('64m');
  });

  it('names the known containers for an unknown one, and keeps serving', async () => {
    const r = await ro.call('health_check', { container: 'no-such-thing' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/no container named or with id "no-such-thing".*web/);
    const logs = await ro.call('get_logs', { container: 'no-such-thing' });
    expect(textOf(logs)).toMatch(/call list_containers/);
    expect((await ro.json<{ total: number }>('list_containers')).total).toBeGreaterThanOrEqual(4);
  });

  it('reports a container that disappears while a command runs in it', async () => {
    const id = await runContainer(d, 'vanish', { cmd: ['sh', '-c', LOOP] });
    await waitForContainer(d, id, 'running', (c) => c.State.Status === 'running');
    const pending = rw.call('exec_command', { container: 'vanish', command: ['sleep', '30'], timeout: 60 });
    await waitForContainer(d, id, 'exec running', (c) => ((c as unknown as { ExecIDs: string[] | null }).ExecIDs ?? []).length > 0);
    const del = await d.http.request('DELETE', `/containers/${id}`, { query: { force: 1 } });
    expect(del.status).toBe(204);
    const r = await pending;
    expect(r.isError, textOf(r)).toBe(true);
    expect(textOf(r)).toMatch(/disappeared while the command ran/);
    expect((await ro.json<{ containers: ContainerSummary[] }>('list_containers')).containers.map((c) => c.name)).not.toContain('vanish');
  });
});
