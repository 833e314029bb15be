// Test helper: runs a real daemon (dockerd, Podman's service, Prometheus) in its own temp dir, logging to a
// file there, polls until it answers, and stops it (TERM, then KILL) and removes the dir.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when an executable of that name is on PATH. */
export function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** CI sets REQUIRE_INTEGRATION=1: then the daemon tests must run (and fail when a binary is missing). */
export const integrationRequired = process.env.REQUIRE_INTEGRATION === '1';

/** The last lines of a log, for failure messages. */
export function logTail(text: string, lines = 25): string {
  return text.split('\n').slice(-lines).join('\n');
}

export interface DaemonSpec {
  /** How messages name it ("dockerd"). */
  name: string;
  /** A temp dir the daemon owns: its log goes there, and it is removed on stop. */
  dir: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves true once the daemon serves; a throw or false means not yet. */
  ready(): Promise<boolean>;
  readyDeadlineMs: number;
  /** How long a SIGTERM gets before SIGKILL. */
  stopGraceMs: number;
  /** Before the SIGTERM, while the daemon still answers (e.g. remove containers that would stall a shutdown). */
  beforeStop?(): Promise<void>;
  /** After it exited, before the dir is removed (e.g. leftover children, mounts). */
  afterStop?(): Promise<void>;
}

export interface Daemon {
  /** The daemon's own log so far. */
  log(): string;
  /** Ends it and removes its dir; safe to call twice. */
  stop(): Promise<void>;
}

/** Spawns the daemon and resolves once ready(); on failure it is stopped and the error carries the log tail. */
export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const logFile = join(spec.dir, `${spec.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(spec.command, spec.args, { stdio: ['ignore', fd, fd], env: spec.env ?? process.env });
  closeSync(fd);
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let exited: string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = `${spec.name} exited (code ${code}, signal ${signal})`;
      resolve();
    });
    child.on('error', (err) => {
      exited = `${spec.name} did not start: ${err.message}`;
      resolve();
    });
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      await spec.beforeStop?.();
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), spec.stopGraceMs);
      await exitPromise;
      clearTimeout(killer);
    }
    await spec.afterStop?.();
    rmSync(spec.dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };
  const end = Date.now() + spec.readyDeadlineMs;
  for (;;) {
    if (exited !== null) {
      const tail = logTail(log());
      await stop();
      throw new Error(`${spec.name} stopped before it was ready (${exited}):\n${tail}`);
    }
    if (await spec.ready().catch(() => false)) return { log, stop };
    if (Date.now() > end) {
      const tail = logTail(log());
      await stop();
      throw new Error(`${spec.name} not ready within ${spec.readyDeadlineMs} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
