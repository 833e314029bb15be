// The docker server against Podman's Docker-compatible API (Debian podman 4.3, `podman system service`):
// the same client code must list, read logs and events, inspect, exec and restart, and explain what Podman lacks.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContainerEvent, ContainerSummary } from '../../../src/core/evidence.js';
import { engineSource } from '../../../servers/docker/server.js';
import { runContainer, type TestEngine, waitForContainer } from '../../helpers/dockerd.js';
import { podmanAvailable, podmanSkipReason, startPodman } from '../../helpers/podman.js';
import { connectDocker, textOf, type ToolClient } from './client.js';

const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';

describe.skipIf(!podmanAvailable)(`docker server on Podman's Docker API ${podmanSkipReason}`, () => {
  let p: TestEngine;
  let rw: ToolClient;
  let ro: ToolClient;
  const t0 = new Date(Date.now() - 5000).toISOString();

  beforeAll(async () => {
    p = await startPodman();
    rw = await connectDocker({ source: engineSource(p.socket), allowMutations: true });
    ro = await connectDocker({ source: engineSource(p.socket) });
    await runContainer(p, 'web', {
      cmd: ['sh', '-c', `echo "started web"; echo "warn: to stderr" >&2; ${LOOP}`],
      env: ['DB_PASSWORD=hunter2', 'APP_MODE=test'],
      healthcheck: { test: ['CMD-SHELL', 'true'], intervalMs: 1000 },
    });
    await runContainer(p, 'crasher', { cmd: ['sh', '-c', 'echo "fatal: no config" >&2; exit 3'] });
    await waitForContainer(p, 'crasher', 'exited', (c) => c.State.Status === 'exited');
  });

  afterAll(async () => {
    await rw?.close();
    await ro?.close();
    await p?.stop();
  });

  it('lists, inspects (redacted) and reads both log streams', async () => {
    const r = await ro.json<{ containers: ContainerSummary[] }>('list_containers');
    const by = Object.fromEntries(r.containers.map((c) => [c.name, c]));
    expect(by.web).toMatchObject({ state: 'running', exit_code: null });
    expect(by.crasher).toMatchObject({ state: 'exited', exit_code: 3 });
    const i = await ro.json<{ env: string[]; network_mode: string; healthcheck: string }>('inspect_container', { container: 'web' });
    expect(i.env).toContain('DB_PASSWORD=[REDACTED]');
    expect(i.env).toContain('APP_MODE=test');
    expect(i.healthcheck).toBe('CMD-SHELL true');
    const logs = await ro.json<{ lines: Array<{ stream: string; text: string; time: string | null }> }>('get_logs', { container: 'web' });
    expect(logs.lines).toContainEqual(expect.objectContaining({ stream: 'stdout', text: 'started web' }));
    expect(logs.lines).toContainEqual(expect.objectContaining({ stream: 'stderr', text: 'warn: to stderr' }));
    expect(logs.lines.every((l) => l.time !== null)).toBe(true);
    const recent = await ro.json<{ lines: unknown[] }>('get_logs', { container: 'web', since: t0 });
    expect(recent.lines).toHaveLength(2);
    const future = await ro.json<{ returned: number }>('get_logs', { container: 'web', since: new Date(Date.now() + 60_000).toISOString() });
    expect(future.returned).toBe(0);
  });

  it('returns die events with exit codes in a bounded window', async () => {
    const r = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0 });
    expect(r.events).toContainEqual(expect.objectContaining({ action: 'die', container: 'crasher', exit_code: 3 }));
  });

  it('execs, restarts, and says that Podman 4.3 cannot update resources', async () => {
    const ex = await rw.json<{ exit_code: number; stdout: string; stderr: string }>('exec_command', {
      container: 'web',
      command: ['sh', '-c', 'echo out; echo err >&2; exit 4'],
    });
    expect(ex).toMatchObject({ exit_code: 4, stdout: 'out\n', stderr: 'err\n' });
    const rs = await rw.json<{ before: ContainerSummary; after: ContainerSummary }>('restart_container', { container: 'web', reason: 'podman test', stop_timeout: 5 });
    expect(rs.after.state).toBe('running');
    expect(rs.after.status).not.toBe(rs.before.status); // a new start time
    // Podman appends to its event log apart from the call that caused the event: on a busy machine the restart can
    // be answered before its event is readable, so the log is asked again until it shows it (or 10 s pass).
    await vi.waitFor(
      async () => {
        const ev = await ro.json<{ events: ContainerEvent[] }>('get_events', { since: t0, container: 'web' });
        expect(ev.events.map((e) => e.action)).toContain('restart');
      },
      { timeout: 10_000, interval: 500 },
    );
    const up = await rw.call('update_resources', { container: 'web', memory: '64m' });
    if (up.isError) expect(textOf(up)).toMatch(/has no container update: recreate the container/);
    else expect(JSON.parse(textOf(up)).after.memory).toBe('64m');
    const refused = await ro.call('exec_command', { container: 'web', command: ['true'] });
    expect(textOf(refused)).toMatch(/exec_command not found/);
  });

  it('names known containers for an unknown one', async () => {
    const r = await ro.call('get_logs', { container: 'ghost' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/no container named or with id "ghost".*crasher, web/);
  });
});
