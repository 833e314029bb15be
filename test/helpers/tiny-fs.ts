// Test helper: a small real filesystem (tmpfs) to fill up, for full-disk behaviour. Mounting needs root (CI
// runs as root for dockerd); elsewhere the tests say why they skip, and under REQUIRE_INTEGRATION=1 they fail.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { integrationRequired } from './daemon.js';

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'tinyfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export const tinyFsAvailable = integrationRequired || canMount();
export const tinyFsSkipReason = 'mounting a tmpfs needs root (run as root, or set REQUIRE_INTEGRATION=1 to make this fail instead)';

/** A tmpfs of `kb` KiB mounted on a fresh directory, unmounted and removed when the test ends. */
export function tinyFs(kb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tinyfs-'));
  const mnt = join(dir, 'fs');
  mkdirSync(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', mnt]);
  onTestFinished(() => {
    execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return mnt;
}

/** Fills the filesystem holding `dir` to the last block. */
export function fill(dir: string): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    // dd ends with "No space left on device": that is the point.
  }
}
