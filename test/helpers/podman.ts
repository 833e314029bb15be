// Starts Podman's Docker-compatible API service (Debian podman) on a temp socket for the docker server
// tests: temp storage, cgroupfs, file events, and ulimits a sandbox allows; stops it after the tests.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerHttp } from '../../servers/docker/engine/http.js';
import { importBusyboxImage } from './busybox-image.js';
import { removeAllContainers, type TestEngine, until } from './dockerd.js';
import { accessSync, constants } from 'node:fs';
import { delimiter } from 'node:path';
import { execa } from 'execa';

const onPath = (bin: string) =>
  (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const missing = [
  ...(onPath('podman') ? [] : ['podman (apt-get install podman)']),
  ...(process.getuid?.() === 0 ? [] : ['root']),
];
export const podmanAvailable = missing.length === 0 || process.env.REQUIRE_INTEGRATION === '1';
export const podmanSkipReason = podmanAvailable ? '' : `skipped: needs ${missing.join(', ')}; enable with: apt-get install -y podman busybox-static (as root)`;

// Without systemd there is no healthcheck timer and no systemd cgroup manager. Podman raises nofile/nproc
// to the kernel maximum by default, which a container sandbox with lower hard limits refuses (EPERM).
const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

/** conmon monitors outlive the service (they are reparented to init); end those of this test's dir. */
function killLeftovers(dir: string): void {
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes(`${dir}/`) && Number(pid) !== process.pid) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Podman bind-mounts its overlay directory onto itself and leaves it mounted; unmount before removing. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await execa('umount', ['-l', m], { reject: false });
}

export async function startPodman(): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-'));
  const conf = join(dir, 'containers.conf');
  writeFileSync(conf, CONTAINERS_CONF);
  const socket = join(dir, 'podman.sock');
  const logFile = join(dir, 'podman.log');
  const fd = openSync(logFile, 'a');
  const args = ['--root', join(dir, 'storage'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp'), 'system', 'service', '--time=0', `unix://${socket}`];
  const child = spawn('podman', args, { stdio: ['ignore', fd, fd], env: { ...process.env, CONTAINERS_CONF: conf } });
  closeSync(fd);
  let exited: string | null = null;
  const exitPromise = new Promise<void>((resolve) => child.on('exit', (code, signal) => ((exited = `podman exited (code ${code}, signal ${signal})`), resolve())));
  child.on('error', (err) => (exited = `podman did not start: ${err.message}`));
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const http = new DockerHttp(socket);
  const stop = async () => {
    if (!exited) {
      await removeAllContainers(http);
      child.kill('SIGTERM');
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 15_000).unref())]);
      if (!exited) child.kill('SIGKILL');
    }
    killLeftovers(dir);
    await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };
  try {
    await until('podman system service did not answer /_ping', 30_000, async () => {
      if (exited) throw new Error(exited);
      const res = await http.request('GET', '/_ping', { timeoutMs: 2000 });
      return res.status === 200 ? true : null;
    }, log);
    const image = await importBusyboxImage(http);
    return { dir, socket, http, image, log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
