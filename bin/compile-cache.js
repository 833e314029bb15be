// Node's on-disk compile cache for the bundles (Node >= 22.1; Node 20 has none and runs as before): V8's compiled
// code is reused from the user's cache directory instead of compiling megabytes of JavaScript on every run.
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Turns the cache on for what this process loads from now on, and names its directory in NODE_COMPILE_CACHE for
 * the servers rca starts (src/core/config-launch.ts passes it on). A cache that cannot be written is silently none.
 */
export function enableCompileCache() {
  if (typeof module.enableCompileCache !== 'function') return;
  try {
    // NODE_COMPILE_CACHE, when set, has enabled it already (and NODE_DISABLE_COMPILE_CACHE keeps it off).
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'incident-copilot', 'compile-cache');
    const { status } = module.enableCompileCache(dir);
    if (status === module.constants.compileCacheStatus.ENABLED) process.env.NODE_COMPILE_CACHE = dir;
  } catch {
    // A start-up optimisation never fails a command.
  }
}
