// Runs one action once: a command in its own process group (argv, or sh -c only with shell: true) or an MCP tool
// through the injected ToolCaller; timeouts, signals, a missing program (127) all become plain outcomes.
import { existsSync } from 'node:fs';
import type { ToolCaller } from '../core/tools.js';
import { runProcess, type ProcessOpts, type RunEnd } from './run-process.js';

export interface ActionOutcome extends RunEnd {
  ok: boolean;
  error?: string;
}

export type CommandSpec =
  | { kind: 'run'; argv: string[]; shell: false; env: Record<string, string>; cwd?: string }
  | { kind: 'run'; script: string; shell: true; env: Record<string, string>; cwd?: string }
  | { kind: 'tool'; tool: string; args: Record<string, unknown> };

/** A process's limits (graceMs: between TERM and KILL of the step's process group), plus what an action adds. */
export interface RunOpts extends ProcessOpts {
  okExitCodes?: number[];
  tools?: () => Promise<ToolCaller>;
}

export async function runAction(spec: CommandSpec, opts: RunOpts): Promise<ActionOutcome> {
  if (spec.kind === 'tool') return runTool(spec.tool, spec.args, opts);
  const [file, args] = spec.shell ? ['/bin/sh', ['-c', spec.script]] : [spec.argv[0], spec.argv.slice(1)];
  const r = await runProcess({ file, args, env: spec.env, cwd: spec.cwd }, opts);
  const { stdout, stderr } = r;
  if (r.spawnError) {
    const missing = r.spawnError === 'ENOENT';
    // A missing cwd also reports ENOENT: say which one it was.
    const what = missing && spec.cwd && !existsSync(spec.cwd) ? `no such directory: ${spec.cwd}` : missing ? `command not found: ${file}` : `permission denied: ${file}`;
    return { ok: false, exitCode: missing ? 127 : 126, signal: null, timedOut: false, interrupted: false, stdout, stderr, error: what };
  }
  const { exitCode, signal, timedOut, interrupted } = r;
  const okCodes = [0, ...(opts.okExitCodes ?? [])];
  const ok = !timedOut && !interrupted && signal === null && exitCode !== null && okCodes.includes(exitCode);
  let error: string | undefined;
  if (timedOut) error = `timed out after ${opts.timeoutMs} ms`;
  else if (interrupted) error = 'interrupted';
  else if (signal) error = `killed by ${signal}`;
  else if (!ok) error = `exit code ${exitCode}${lastLine(stderr) ? `: ${lastLine(stderr)}` : ''}`;
  return { ok, exitCode, signal: timedOut ? signal ?? 'SIGTERM' : signal, timedOut, interrupted, stdout, stderr, error };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

async function runTool(tool: string, args: Record<string, unknown>, opts: RunOpts): Promise<ActionOutcome> {
  const ended = (ok: boolean, stdout: string, error: string | undefined, how: { timedOut?: boolean; interrupted?: boolean } = {}): ActionOutcome =>
    ({ ok, exitCode: null, signal: null, timedOut: how.timedOut ?? false, interrupted: how.interrupted ?? false, stdout, stderr: '', error });
  if (!opts.tools) return ended(false, '', `no MCP hub available for tool ${tool}`);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<'timeout' | 'abort'>((resolve) => {
    if (opts.timeoutMs > 0) timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    onAbort = () => resolve('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const caller = await opts.tools();
    const res = await Promise.race([caller.call(tool, args, { timeoutMs: opts.timeoutMs || undefined }), limit]);
    if (res === 'timeout') return ended(false, '', `tool ${tool} timed out after ${opts.timeoutMs} ms`, { timedOut: true });
    if (res === 'abort') return ended(false, '', 'interrupted', { interrupted: true });
    opts.onOutput?.('stdout', res.text);
    return ended(res.ok, res.text, res.ok ? undefined : `tool ${tool} failed: ${res.text.slice(0, 500)}`);
  } catch (err) {
    return ended(false, '', `tool ${tool}: ${(err as Error).message}`);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}
