// Runs the real built CLI (bin/rca.js, bin/runbook.js) as a child process and returns what a user
// would see: stdout, stderr and the exit code. The bins import dist/, which test/global-setup.ts rebuilds when stale.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CliOptions {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Added to the inherited environment; NO_COLOR=1 is set unless overridden (FORCE_COLOR is removed). */
  env?: Record<string, string | undefined>;
  /** Text on stdin (default: none, stdin is closed). */
  input?: string;
  /** Kill the child after this long (default 60 s). */
  timeoutMs?: number;
}

/** True when `npx tsc -p tsconfig.build.json` has produced the CLI the bins import. */
export function cliBuilt(bin: 'rca' | 'runbook' = 'rca'): boolean {
  return existsSync(resolve(REPO_ROOT, 'dist', 'bundle', `${bin}.mjs`));
}

export async function runCli(bin: 'rca' | 'runbook', args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [resolve(REPO_ROOT, 'bin', `${bin}.js`), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env },
    extendEnv: true,
    input: opts.input ?? '',
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    stripFinalNewline: false,
  });
  if (result.timedOut) throw new Error(`${bin} ${args.join(' ')} timed out after ${opts.timeoutMs ?? 60_000} ms\n${result.stderr}`);
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** Runs the CLI and parses stdout as JSON (for --json commands); fails with stderr when it is not JSON. */
export async function runCliJson<T>(bin: 'rca' | 'runbook', args: string[], opts: CliOptions = {}): Promise<CliResult & { json: T }> {
  const r = await runCli(bin, args, opts);
  try {
    return { ...r, json: JSON.parse(r.stdout) as T };
  } catch {
    throw new Error(`stdout of ${bin} ${args.join(' ')} is not JSON (exit ${r.exitCode})\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr}`);
  }
}
