// Builds a tiny container image from Debian's busybox-static (/bin/busybox) with no registry: a rootfs
// tarball with busybox and one symlink per applet, imported through the Engine API (images/create?fromSrc=-).
import { mkdtempSync, mkdirSync, copyFileSync, symlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DockerHttp } from '../../servers/docker/engine/http.js';

export const BUSYBOX = '/bin/busybox';

/** A tar (as a Buffer) of a rootfs holding /bin/busybox, its applet links, /tmp and a minimal /etc. */
export async function busyboxRootfsTar(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-rootfs-'));
  try {
    const root = join(dir, 'rootfs');
    for (const d of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
    const { stdout } = await execa(BUSYBOX, ['--list']);
    for (const applet of stdout.split('\n').map((s) => s.trim())) {
      if (applet && applet !== 'busybox' && /^[\w.[-]+$/.test(applet)) symlinkSync('busybox', join(root, 'bin', applet));
    }
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
    const tar = await execa('tar', ['-C', root, '-cf', '-', '.'], { encoding: 'buffer' });
    return Buffer.from(tar.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports the busybox rootfs as repo:tag and returns the reference. */
export async function importBusyboxImage(http: DockerHttp, repo = 'incident-test/busybox', tag = 'latest'): Promise<string> {
  const tar = await busyboxRootfsTar();
  const res = await http.request('POST', '/images/create', {
    query: { fromSrc: '-', repo, tag },
    rawBody: { data: tar, contentType: 'application/x-tar' },
    timeoutMs: 60_000,
  });
  const text = res.body.toString('utf8');
  if (res.status !== 200 || /"error"/.test(text)) throw new Error(`image import failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  return `${repo}:${tag}`;
}
