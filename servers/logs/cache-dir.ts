// Where the logs server keeps its time indexes: a directory per build of the server under the cache directory, so
// an index that an older build wrote (its parsers dated other lines, or none) is never read by a newer one; the
// directories upgrades leave behind are removed once stale.
import { statSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `base`/<tag of the code file that runs>: its size and modification time, which every build or upgrade changes.
 * A file that cannot be read (sources run by a test runner) gets a tag of its own rather than none.
 */
export function indexCacheDir(base: string, codeFile: string): string {
  try {
    const st = statSync(codeFile);
    return path.join(base, `build-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}`);
  } catch {
    return path.join(base, 'build-unknown');
  }
}

/** A folder of another build unchanged this long is an upgrade's leftover (a build still in use rewrites its own). */
export const STALE_BUILD_MS = 14 * 24 * 3600 * 1000;

/**
 * Removes the folders of other builds under `base` that nothing has written to for `maxAgeMs`: every upgrade leaves
 * one behind. A build still running elsewhere that loses its folder only indexes its files again. Never throws.
 */
export async function pruneStaleBuilds(base: string, keep: string, maxAgeMs = STALE_BUILD_MS, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  try {
    for (const name of await readdir(base)) {
      const dir = path.join(base, name);
      if (!name.startsWith('build-') || dir === keep) continue;
      const st = await stat(dir);
      if (st.isDirectory() && now - st.mtimeMs > maxAgeMs) {
        await rm(dir, { recursive: true, force: true });
        removed.push(name);
      }
    }
  } catch {
    // No cache folder yet, or one we may not touch: nothing to prune.
  }
  return removed;
}
