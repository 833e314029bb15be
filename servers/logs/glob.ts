// Glob support for --source through picomatch (the matcher behind fast-glob, tinyglobby and chokidar):
// `*`, `?`, `[abc]`, `**` and braces (`/x/{a,b}/*.log`). Pure helpers: the walk itself lives in sources.ts.
import path from 'node:path';
import picomatch from 'picomatch';

// Hidden files are skipped by the walk anyway; `dot` keeps a pattern that names one explicitly (`.pm2/*.log`) working.
const OPTIONS: picomatch.PicomatchOptions = { dot: true };

export function isGlob(p: string): boolean {
  return picomatch.scan(p).isGlob;
}

/** The directory to walk from: the leading segments free of wildcards and braces. */
export function globBase(pattern: string): string {
  return picomatch.scan(path.resolve(pattern)).base || path.sep;
}

/**
 * A matcher over absolute paths. A trailing slash is dropped: a glob that names directories (`logs/*\/`)
 * matches those directories, and the walk then takes every file inside them.
 */
export function globMatcher(pattern: string): (absPath: string) => boolean {
  const abs = path.resolve(pattern).replace(/\/+$/, '') || path.sep;
  return picomatch(abs, OPTIONS);
}
