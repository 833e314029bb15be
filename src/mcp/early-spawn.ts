// Starts the built-in servers' processes as soon as a command knows its configuration, before the MCP client, its
// schemas, the engine and the store are even loaded: the hub adopts each child later (child-transport.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import type { ServerLaunchSpec } from '../core/config-launch.js';

/**
 * The variables a server inherits from ours, as the SDK's StdioClientTransport passes them (getDefaultEnvironment
 * in client/stdio.js; a test keeps the two equal). Copied, because importing it loads the SDK's zod schemas.
 */
const INHERITED_ENV_VARS =
  process.platform === 'win32'
    ? ['APPDATA', 'HOMEDRIVE', 'HOMEPATH', 'LOCALAPPDATA', 'PATH', 'PROCESSOR_ARCHITECTURE', 'SYSTEMDRIVE', 'SYSTEMROOT', 'TEMP', 'USERNAME', 'USERPROFILE', 'PROGRAMFILES']
    : ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];

export function defaultEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of INHERITED_ENV_VARS) {
    const value = env[key];
    // Exported shell functions are skipped, as the SDK does.
    if (value !== undefined && !value.startsWith('()')) out[key] = value;
  }
  return out;
}

/** One child spawned ahead of its hub. Its stdout and stderr stay paused (the pipe holds them) until it is adopted. */
export interface EarlyChild {
  readonly spec: ServerLaunchSpec;
  readonly process: ChildProcess;
  /** performance.now() at the spawn: a server's start time counts from here. */
  readonly spawnedAt: number;
  /** Resolves once the process runs; rejects with the spawn error (ENOENT...). Handled: awaiting it is optional. */
  readonly spawned: Promise<void>;
  /** The process's 'close' came before anyone adopted it. */
  readonly closedEarly: () => boolean;
}

/** The same launch, whatever object describes it: the hub's spec must be the one spawned, or it spawns its own. */
function launchKey(spec: ServerLaunchSpec): string {
  return JSON.stringify([spec.name, spec.command, spec.args, spec.env ?? {}, spec.cwd ?? null]);
}

function spawnChild(spec: ServerLaunchSpec): EarlyChild {
  const spawnedAt = performance.now();
  // The options of StdioClientTransport.start() (cross-spawn is plain spawn off Windows, and built-ins run node).
  const child = spawn(spec.command, spec.args, {
    env: { ...defaultEnvironment(), ...spec.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: process.platform === 'win32',
    cwd: spec.cwd,
  });
  let closed = false;
  child.once('close', () => (closed = true));
  // Listened to from the start: an 'error' nobody listens to would throw out of the event loop.
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  spawned.catch(() => undefined);
  return { spec, process: child, spawnedAt, spawned, closedEarly: () => closed };
}

/** Stops a child nobody adopted: its output is dropped, so the pipes never hold rca's event loop open. */
function discard(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.stdin?.destroy();
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** The children spawned ahead of a hub, each handed out once; close() stops those nobody claimed. */
export class EarlyServers {
  private readonly waiting = new Map<string, EarlyChild>();
  private readonly onExit = () => this.close();

  constructor(specs: readonly ServerLaunchSpec[]) {
    for (const spec of specs) {
      const key = launchKey(spec);
      if (!this.waiting.has(key)) this.waiting.set(key, spawnChild(spec));
    }
    // rca may end (an error, process.exit) before a hub adopts them: they must not outlive it.
    if (this.waiting.size) process.once('exit', this.onExit);
  }

  /** The children nobody has claimed yet. */
  unclaimed(): EarlyChild[] {
    return [...this.waiting.values()];
  }

  /** The child spawned for exactly this launch, now owned by the caller; undefined when there is none. */
  claim(spec: ServerLaunchSpec): EarlyChild | undefined {
    const key = launchKey(spec);
    const child = this.waiting.get(key);
    this.waiting.delete(key);
    if (!this.waiting.size) process.removeListener('exit', this.onExit);
    return child;
  }

  /** Stops every child not claimed yet; the claimed ones belong to their hub. */
  close(): void {
    for (const child of this.waiting.values()) discard(child.process);
    this.waiting.clear();
    process.removeListener('exit', this.onExit);
  }
}

/** Spawns the built-in servers of `specs` now; the rest (the user's extra servers) start with the hub. */
export function spawnEarly(specs: readonly ServerLaunchSpec[]): EarlyServers {
  return new EarlyServers(specs.filter((s) => s.builtin));
}
