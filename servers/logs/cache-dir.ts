// Where the logs server keeps its time indexes: a directory per build of the server under the cache directory, so
// an index that an older build wrote (its parsers dated other lines, or none) is never read by a newer one.
import { statSync } from 'node:fs';
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
