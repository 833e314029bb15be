// Starts Podman's Docker-compatible API service (Debian podman) on a temp socket for the docker server
// tests: temp storage, cgroupfs, file events, and ulimits a sandbox allows; stops it after the tests.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { integrationRequired, onPath } from './daemon.js';
import { startEngine, type TestEngine } from './dockerd.js';

const missing = [
  ...(onPath('podman') ? [] : ['podman (apt-get install podman)']),
  ...(process.getuid?.() === 0 ? [] : ['root']),
];
export const podmanAvailable = missing.length === 0 || integrationRequired;
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
  const spec = {
    name: 'podman',
    dir,
    command: 'podman',
    args: ['--root', join(dir, 'storage'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp'), 'system', 'service', '--time=0', `unix://${socket}`],
    env: { ...process.env, CONTAINERS_CONF: conf },
    readyDeadlineMs: 30_000,
    stopGraceMs: 15_000,
    afterStop: async () => {
      killLeftovers(dir);
      await unmountUnder(dir);
    },
  };
  return startEngine(spec, socket);
}
