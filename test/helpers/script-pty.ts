// `rca` on a real pseudo-terminal made by util-linux `script`, for tests that answer what the screen shows (the
// runbook offer, the model's progress line) as it appears, with no timed sleeps, and read the whole stream at the exit.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { cliBuilt, REPO_ROOT } from './cli.js';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether a `script` test runs: `script` and the built bin are there, or REQUIRE_INTEGRATION=1 says they must be. */
export function scriptTestsRun(): boolean {
  return cliBuilt('rca') && (hasScript() || process.env.REQUIRE_INTEGRATION === '1');
}

/** The stream without colour and cursor codes or carriage returns. */
// eslint-disable-next-line no-control-regex
export const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

export interface PtyRun {
  size: { cols: number; rows: number };
  /** Added to the environment (CI and colour variables are already cleared). */
  env: Record<string, string | undefined>;
  /** Called with the screen so far on every chunk; `press` types keys. */
  react(screen: string, press: (keys: string) => void): void;
}

/** Runs `rca args...` (the built bin under this Node) on a terminal of `size`; resolves its exit code and the screen. */
export async function runRcaOnPty(args: string[], run: PtyRun): Promise<{ code: number; screen: string }> {
  const cmd = `stty cols ${run.size.cols} rows ${run.size.rows}; ${quote(process.execPath)} ${quote(join(REPO_ROOT, 'bin', 'rca.js'))} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    // CI=true (as on CI machines) makes Ink draw only the last frame: a person's terminal has no CI variable.
    env: { ...process.env, CI: undefined, CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, ...run.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  let out = '';
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    run.react(plain(out), (keys) => child.stdin.write(keys));
  });
  const code = await exit;
  return { code, screen: plain(out) };
}
