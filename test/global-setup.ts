// Runs once before the tests: the CLI, server and scenario tests run the built dist/, so a dist older than any
// source it is built from is rebuilt here (npm run build) rather than tested silently; a failed build stops the run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** What `npm run build` reads: a change to any of these makes dist stale. */
const INPUTS = ['src', 'servers', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'esbuild.config.mjs'];
/** What it writes last (esbuild, after tsc: the CLIs and one bundle per servers/ folder): the oldest of these is the build's time. */
const SERVERS = readdirSync(join(ROOT, 'servers'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${d.name}-server`);
const BUNDLES = ['rca', 'runbook', ...SERVERS].map((n) => join('dist', 'bundle', `${n}.mjs`));

function newestInput(path: string): { file: string; mtime: number } {
  const st = statSync(path);
  if (!st.isDirectory()) return { file: path, mtime: st.mtimeMs };
  let best = { file: path, mtime: 0 };
  for (const name of readdirSync(path)) {
    const n = newestInput(join(path, name));
    if (n.mtime > best.mtime) best = n;
  }
  return best;
}

/** Why dist must be rebuilt, or null when it is at least as new as every input. */
export function staleReason(root: string = ROOT): string | null {
  const missing = BUNDLES.find((b) => !existsSync(join(root, b)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...BUNDLES.map((b) => statSync(join(root, b)).mtimeMs));
  const newest = INPUTS.map((p) => join(root, p)).filter(existsSync).map(newestInput).sort((a, b) => b.mtime - a.mtime)[0];
  return newest && newest.mtime > built ? `${relative(root, newest.file)} is newer than dist/bundle` : null;
}

export default function setup(): void {
  const why = staleReason();
  if (!why) return;
  process.stderr.write(`global setup: ${why}; rebuilding (npm run build) so no test runs the old build\n`);
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error('npm run build failed: the tests would run a stale dist/, so none run (fix the build first)');
  }
}
