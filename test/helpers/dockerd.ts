// Starts a private dockerd (Debian docker.io) on a temp socket for the Docker server tests, and stops it.
// No bridge, no iptables, temp data/exec roots; containers run with --network none from an imported busybox image.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DockerHttp } from '../../servers/docker/engine/http.js';
import { BUSYBOX, importBusyboxImage } from './busybox-image.js';
import { type DaemonSpec, integrationRequired, onPath, startDaemon } from './daemon.js';

const missing = [
  ...(onPath('dockerd') ? [] : ['dockerd (apt-get install docker.io)']),
  ...(existsSync(BUSYBOX) ? [] : [`${BUSYBOX} (apt-get install busybox-static)`]),
  ...(process.getuid?.() === 0 ? [] : ['root (dockerd needs it)']),
];
export const dockerdRequired = integrationRequired;
/** Run the engine tests when everything is there, or always under REQUIRE_INTEGRATION=1 (then they fail loudly). */
export const dockerdAvailable = missing.length === 0 || dockerdRequired;
/** Empty when the tests run; otherwise why they are skipped and the command that enables them. */
export const dockerdSkipReason = dockerdAvailable
  ? ''
  : `skipped: needs ${missing.join(', ')}; enable with: apt-get install -y docker.io busybox-static (as root)`;

/** A running test engine (dockerd here, or Podman's service from podman.ts) with the busybox image loaded. */
export interface TestEngine {
  dir: string;
  socket: string;
  http: DockerHttp;
  image: string;
  /** dockerd's own log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}
export type Dockerd = TestEngine;

export const DOCKERD_FLAGS = (dir: string) => [
  '--host', `unix://${join(dir, 'docker.sock')}`,
  '--bridge=none',
  '--iptables=false',
  '--ip6tables=false',
  '--data-root', join(dir, 'data'),
  '--exec-root', join(dir, 'exec'),
  '--pidfile', join(dir, 'dockerd.pid'),
  '--shutdown-timeout', '3',
  // When a system containerd runs (/run/containerd/containerd.sock), dockerd uses it instead of starting its
  // own; separate namespaces keep these containers apart from the host's own dockerd ("moby").
  '--containerd-namespace', `incident-test-${basename(dir)}`,
  '--containerd-plugins-namespace', `incident-test-plugins-${basename(dir)}`,
];

/** Force-removes every container: busybox sh as PID 1 ignores SIGTERM, which would stall a shutdown. */
export async function removeAllContainers(http: DockerHttp): Promise<void> {
  const list = await http.request('GET', '/containers/json', { query: { all: 1 } }).catch(() => null);
  const ids = list?.status === 200 ? (JSON.parse(list.body.toString()) as Array<{ Id: string }>).map((c) => c.Id) : [];
  await Promise.all(ids.map((id) => http.request('DELETE', `/containers/${id}`, { query: { force: 1 } }).catch(() => null)));
}

/** Starts a Docker-API daemon (dockerd, Podman's service) answering on `socket`, with the busybox image loaded. */
export async function startEngine(spec: Omit<DaemonSpec, 'ready' | 'beforeStop'>, socket: string): Promise<TestEngine> {
  const http = new DockerHttp(socket);
  const daemon = await startDaemon({
    ...spec,
    ready: async () => (await http.request('GET', '/_ping', { timeoutMs: 2000 })).status === 200,
    beforeStop: () => removeAllContainers(http),
  });
  try {
    const image = await importBusyboxImage(http);
    return { dir: spec.dir, socket, http, image, ...daemon };
  } catch (err) {
    await daemon.stop();
    throw err;
  }
}

export async function startDockerd(): Promise<Dockerd> {
  const dir = mkdtempSync(join(tmpdir(), 'dkd-'));
  const extra = (process.env.TEST_DOCKERD_FLAGS ?? '').split(' ').filter(Boolean);
  const spec = { name: 'dockerd', dir, command: 'dockerd', args: [...DOCKERD_FLAGS(dir), ...extra], readyDeadlineMs: 60_000, stopGraceMs: 20_000 };
  return startEngine(spec, join(dir, 'docker.sock'));
}

export interface RunOptions {
  cmd: string[];
  memory?: number;
  healthcheck?: { test: string[]; intervalMs: number };
  env?: string[];
  tty?: boolean;
  start?: boolean;
  labels?: Record<string, string>;
}

/** Creates (and by default starts) a busybox container with no network; returns its id. */
export async function runContainer(d: TestEngine, name: string, opts: RunOptions): Promise<string> {
  const body = {
    Image: d.image,
    Cmd: opts.cmd,
    Env: opts.env ?? [],
    Tty: opts.tty ?? false,
    Labels: opts.labels ?? {},
    Healthcheck: opts.healthcheck
      ? { Test: opts.healthcheck.test, Interval: opts.healthcheck.intervalMs * 1e6, Timeout: 5e9, Retries: 1, StartPeriod: 0 }
      : undefined,
    HostConfig: { NetworkMode: 'none', Memory: opts.memory ?? 0, MemorySwap: opts.memory ? opts.memory : 0 },
  };
  const created = await d.http.request('POST', '/containers/create', { query: { name }, body });
  if (created.status !== 201) throw new Error(`create ${name}: HTTP ${created.status} ${created.body.toString()}`);
  const { Id } = JSON.parse(created.body.toString()) as { Id: string };
  if (opts.start !== false) {
    const started = await d.http.request('POST', `/containers/${Id}/start`);
    if (started.status !== 204) throw new Error(`start ${name}: HTTP ${started.status} ${started.body.toString()}`);
  }
  return Id;
}

/** Polls the container's inspect JSON until the predicate holds (deadline, no sleeps). */
export async function waitForContainer(
  d: TestEngine,
  ref: string,
  what: string,
  pred: (inspect: { State: { Status: string; Health?: { Status: string }; OOMKilled: boolean; ExitCode: number } }) => boolean,
  deadlineMs = 30_000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const res = await d.http.request('GET', `/containers/${ref}/json`);
    if (res.status === 200 && pred(JSON.parse(res.body.toString()))) return;
    if (Date.now() > end) throw new Error(`${ref}: ${what} not reached within ${deadlineMs} ms (last state: ${stateOf(res.body)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stateOf(body: Buffer): string {
  try {
    return JSON.stringify((JSON.parse(body.toString()) as { State?: unknown }).State ?? body.toString().slice(0, 500));
  } catch {
    return body.toString().slice(0, 500);
  }
}

/**
 * Runs a container that outgrows its memory limit until dockerd reports it OOM-killed. Docker 20.10 on cgroup v2
 * can record such a kill as a plain exit 137 with OOMKilled false when the OOM event loses the race with the exit
 * event (moby's cgroup-v2 OOM detection, seen by nomad #13119); a fixture hit by that race is replaced, up to
 * `attempts` times, so the tests read a container the engine itself calls OOM-killed.
 */
export async function runOomKilledContainer(d: TestEngine, name: string, memory: number, attempts = 4): Promise<void> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    await runContainer(d, name, { cmd: ['sh', '-c', 'x=a; while true; do x="$x$x"; done'], memory });
    await waitForContainer(d, name, 'exited', (c) => c.State.Status === 'exited');
    const res = await d.http.request('GET', `/containers/${name}/json`);
    const state = (JSON.parse(res.body.toString()) as { State: { OOMKilled: boolean } }).State;
    if (state.OOMKilled) return;
    last = stateOf(res.body);
    await d.http.request('DELETE', `/containers/${name}`, { query: { force: 1 } });
  }
  throw new Error(`${name}: dockerd never reported an OOM kill in ${attempts} attempts (last state: ${last})`);
}
