// Runs one command as the leader of its own process group, so a timeout or an interrupt reaches the whole
// tree: TERM to the group at the deadline, KILL after a grace period, and the pipes closed so nothing left holding them hangs the step.
import { spawn } from 'node:child_process';

export interface ProcessSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface ProcessOpts {
  /** 0 = no limit. */
  timeoutMs: number;
  /** Between TERM and KILL, at the deadline or on abort. */
  graceMs?: number;
  signal?: AbortSignal;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

/** How a run ended and what it printed: a process's, and a runbook action's (run-action.ts) on top of it. */
export interface RunEnd {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  interrupted: boolean;
  stdout: string;
  stderr: string;
}

export interface ProcessResult extends RunEnd {
  /** ENOENT / EACCES when the program could not be started. */
  spawnError?: string;
}

export const DEFAULT_GRACE_MS = 2000;
const MAX_BUFFER = 4 * 1024 * 1024;

/** Keeps the first and the last part of a stream once it passes `cap` bytes (the end usually holds the error). */
class Capped {
  private head = '';
  private tail = '';
  private cut = 0;
  constructor(private readonly cap: number) {}
  add(s: string): void {
    if (this.head.length < this.cap / 2) {
      const room = this.cap / 2 - this.head.length;
      this.head += s.slice(0, room);
      s = s.slice(room);
    }
    this.tail += s;
    if (this.tail.length > this.cap / 2) {
      this.cut += this.tail.length - this.cap / 2;
      this.tail = this.tail.slice(this.tail.length - this.cap / 2);
    }
  }
  text(): string {
    return this.cut ? `${this.head}\n... [${this.cut} characters cut] ...\n${this.tail}` : this.head + this.tail;
  }
}

/** Signals the whole group; the group may already be gone. */
function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // ESRCH: every process in the group has exited.
  }
}

export function runProcess(spec: ProcessSpec, opts: ProcessOpts): Promise<ProcessResult> {
  const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
  return new Promise((resolve) => {
    const out = new Capped(MAX_BUFFER);
    const err = new Capped(MAX_BUFFER);
    let timedOut = false;
    let interrupted = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    let pipesClosed = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const child = spawn(spec.file, spec.args, {
      // detached makes the child a process-group leader: -pid then names the whole tree.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.env },
      cwd: spec.cwd,
    });
    const finish = (extra: Partial<ProcessResult> = {}) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: exit?.code ?? null, signal: exit?.signal ?? null, timedOut, interrupted,
        stdout: out.text(), stderr: err.text(), ...extra,
      });
    };
    const maybeDone = () => {
      if (exit && pipesClosed) finish();
    };
    /** TERM now, KILL after the grace period, then stop reading pipes a surviving (setsid) process may hold. */
    const stop = () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          killGroup(pid, 'SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
          pipesClosed = true;
          maybeDone();
        }, grace),
      );
    };
    const onAbort = () => {
      interrupted = true;
      stop();
    };
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out.add(s);
      opts.onOutput?.('stdout', s);
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      err.add(s);
      opts.onOutput?.('stderr', s);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) finish({ spawnError: e.code ?? e.message });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      maybeDone();
    });
    child.on('close', () => {
      pipesClosed = true;
      maybeDone();
    });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs > 0) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          stop();
        }, opts.timeoutMs),
      );
    }
  });
}
