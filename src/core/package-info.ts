// Where this package is installed and which version it is: found by walking up from this module to our
// package.json, so a checkout, `npm link`, a global install and an unpacked tarball all answer the same.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'incident-copilot';

function readPackageJson(dir: string): { name?: unknown; version?: unknown } | null {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return null;
  try {
    return JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    // An unreadable package.json on the way up is not ours.
    return null;
  }
}

/** The directory holding our package.json, found by walking up from this file (src/, dist/src/ or dist/bundle/). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (readPackageJson(dir)?.name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${from}`);
    dir = parent;
  }
}

/** The package version (`rca --version`, `runbook --version`, every server's `--version`). */
export function packageVersion(): string {
  const version = readPackageJson(packageRoot())?.version;
  return typeof version === 'string' ? version : 'unknown';
}
