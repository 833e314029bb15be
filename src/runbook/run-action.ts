// Runs one action once: a command through execa (argv, or sh -c only with shell: true) or an MCP tool
// through the injected ToolCaller; timeouts, signals, a missing program (127) all become plain outcomes.
import { execa } from 'execa';
import type { ToolCaller } from '../core/tools.js';

export interface ActionOutcome {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  interrupted: boolean;
  stdout: string;
  stderr: string;
  error?: string;
}

export type CommandSpec =
  | { kind: 'run'; argv: string[]; shell: false; env: Record<string, string>; cwd?: string }
  | { kind: 'run'; script: string; shell: true; env: Record<string, string>; cwd?: string }
  | { kind: 'tool'; tool: string; args: Record<string, unknown> };

export interface RunOpts {
  timeoutMs: number;
  signal?: AbortSignal;
  okExitCodes?: number[];
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  tools?: () => Promise<ToolCaller>;
}

const MAX_BUFFER = 4 * 1024 * 1024;

export async function runAction(spec: CommandSpec, opts: RunOpts): Promise<ActionOutcome> {
  if (spec.kind === 'tool') return runTool(spec.tool, spec.args, opts);
  const [file, args] = spec.shell ? ['/bin/sh', ['-c', spec.script]] : [spec.argv[0], spec.argv.slice(1)];
  const sub = execa(file, args, {
    reject: false,
    stdin: 'ignore',
    env: spec.env,
    cwd: spec.cwd,
    timeout: opts.timeoutMs > 0 ? opts.timeoutMs : undefined,
    cancelSignal: opts.signal,
    forceKillAfterDelay: 2000,
    maxBuffer: MAX_BUFFER,
    stripFinalNewline: false,
  });
  if (opts.onOutput) {
    sub.stdout?.on('data', (b: Buffer) => opts.onOutput?.('stdout', b.toString()));
    sub.stderr?.on('data', (b: Buffer) => opts.onOutput?.('stderr', b.toString()));
  }
  const r = await sub;
  const stdout = typeof r.stdout === 'string' ? r.stdout : '';
  const stderr = typeof r.stderr === 'string' ? r.stderr : '';
  const code = (r as { code?: string }).code;
  if (code === 'ENOENT' || code === 'EACCES') {
    const missing = code === 'ENOENT';
    return {
      ok: false, exitCode: missing ? 127 : 126, signal: null, timedOut: false, interrupted: false, stdout, stderr,
      error: missing ? `command not found: ${file}` : `permission denied: ${file}`,
    };
  }
  const interrupted = r.isCanceled === true || (opts.signal?.aborted ?? false);
  const exitCode = typeof r.exitCode === 'number' ? r.exitCode : null;
  const signal = r.signal ?? null;
  const okCodes = [0, ...(opts.okExitCodes ?? [])];
  const ok = !r.timedOut && !interrupted && signal === null && exitCode !== null && okCodes.includes(exitCode);
  let error: string | undefined;
  if (r.timedOut) error = `timed out after ${opts.timeoutMs} ms`;
  else if (interrupted) error = 'interrupted';
  else if (signal) error = `killed by ${signal}`;
  else if (!ok) error = `exit code ${exitCode}${lastLine(stderr) ? `: ${lastLine(stderr)}` : ''}`;
  return { ok, exitCode, signal: r.timedOut ? signal ?? 'SIGTERM' : signal, timedOut: r.timedOut === true, interrupted, stdout, stderr, error };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

async function runTool(tool: string, args: Record<string, unknown>, opts: RunOpts): Promise<ActionOutcome> {
  const base = { exitCode: null, signal: null, stderr: '' };
  if (!opts.tools) return { ...base, ok: false, timedOut: false, interrupted: false, stdout: '', error: `no MCP hub available for tool ${tool}` };
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
    if (res === 'timeout') return { ...base, ok: false, timedOut: true, interrupted: false, stdout: '', error: `tool ${tool} timed out after ${opts.timeoutMs} ms` };
    if (res === 'abort') return { ...base, ok: false, timedOut: false, interrupted: true, stdout: '', error: 'interrupted' };
    opts.onOutput?.('stdout', res.text);
    return { ...base, ok: res.ok, timedOut: false, interrupted: false, stdout: res.text, error: res.ok ? undefined : `tool ${tool} failed: ${res.text.slice(0, 500)}` };
  } catch (err) {
    return { ...base, ok: false, timedOut: false, interrupted: false, stdout: '', error: `tool ${tool}: ${(err as Error).message}` };
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}
