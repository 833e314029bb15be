// One configured server's life: start, crash detection, exactly one restart, then "down".
// The slot owns its connection; the hub asks it for a ready client and for its health line.
import { errorMessage } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { ToolRegistry } from './registry.js';
import type { EarlyChild } from './early-spawn.js';
import { connectServer, describeFailure, type Connection } from './spawn.js';
import type { ServerHealth, ServerLaunchSpec, ServerStatus } from './types.js';

export const MAX_RESTARTS = 1;

export interface SlotDeps {
  startTimeoutMs: number;
  events: EventSink;
  registry: ToolRegistry;
  logger?: Logger;
  /** The server's process when it was spawned ahead of the hub; a restart always spawns a new one. */
  adopt?: (spec: ServerLaunchSpec) => EarlyChild | undefined;
}

export class ServerSlot {
  private statusValue: ServerStatus = 'starting';
  private conn: Connection | null = null;
  private restarts = 0;
  private error: string | null = null;
  private startMs: number | null = null;
  private pending: Promise<void> | null = null;
  /** Bumped per launch, so an exit of an old process is never blamed on the new one. */
  private generation = 0;
  private exitedGeneration = -1;

  constructor(
    readonly spec: ServerLaunchSpec,
    private readonly deps: SlotDeps,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  /** Starts the server; never throws (a failure is recorded and reported as an event). */
  start(): Promise<void> {
    this.pending = this.launch(false);
    return this.pending;
  }

  /** Resolves when a start or restart in flight has finished (at once when none is). */
  async settled(): Promise<void> {
    await this.pending;
  }

  /** The connection when the server is ready, else null. */
  ready(): Connection | null {
    return this.statusValue === 'ready' ? this.conn : null;
  }

  /** Why the server cannot serve right now, for unavailable-tool outcomes. */
  unavailableReason(): string {
    const why = this.error ? `: ${this.error}` : '';
    return `server "${this.name}" is ${this.statusValue}${why}`;
  }

  health(): ServerHealth {
    return {
      name: this.name,
      builtin: this.spec.builtin,
      status: this.statusValue,
      pid: this.statusValue === 'ready' ? (this.conn?.pid ?? null) : null,
      tools: this.statusValue === 'ready' ? this.deps.registry.serverTools(this.name).length : 0,
      startMs: this.startMs,
      restarts: this.restarts,
      error: this.error,
      version: this.conn?.version ?? null,
    };
  }

  async close(): Promise<void> {
    const wasClosed = this.statusValue === 'closed';
    this.statusValue = 'closed';
    if (wasClosed) return;
    await this.pending?.catch(() => undefined);
    const conn = this.conn;
    this.conn = null;
    await conn?.close();
  }

  private async launch(isRestart: boolean): Promise<void> {
    const { events } = this.deps;
    events({ type: 'server_starting', server: this.name });
    const child = isRestart ? undefined : this.deps.adopt?.(this.spec);
    // A start is timed from the spawn, also when that came before the hub.
    const t0 = child?.spawnedAt ?? performance.now();
    if (child) this.deps.logger?.debug(`${this.name}: adopting pid ${child.process.pid ?? '-'}, spawned ${Math.round(performance.now() - t0)} ms before its hub`);
    const gen = ++this.generation;
    try {
      const conn = await connectServer(this.spec, {
        child,
        startTimeoutMs: this.deps.startTimeoutMs,
        onExit: () => this.onExit(gen),
        onToolsChanged: (tools) => {
          if (gen === this.generation && this.statusValue === 'ready') this.deps.registry.setServerTools(this.name, tools);
        },
        logger: this.deps.logger,
      });
      if (this.statusValue === 'closed') {
        await conn.close();
        return;
      }
      this.conn = conn;
      if (this.exitedGeneration === gen) {
        // It died between answering tools/list and this line: treat it as the crash it is.
        this.onExit(gen);
        return;
      }
      this.startMs = Math.round(performance.now() - t0);
      this.deps.registry.setServerTools(this.name, conn.tools);
      this.statusValue = 'ready';
      this.error = null;
      events({ type: 'server_ready', server: this.name, tools: conn.tools.length, ms: this.startMs });
    } catch (err) {
      if (this.statusValue === 'closed') return;
      this.statusValue = isRestart ? 'down' : 'failed';
      this.error = isRestart ? `restart failed: ${errorMessage(err)}` : errorMessage(err);
      events({ type: 'server_failed', server: this.name, error: this.error });
    }
  }

  /** The process went away on its own: restart it once, and after that leave it down. */
  private onExit(gen: number): void {
    if (this.statusValue === 'closed' || gen !== this.generation) return;
    const conn = this.conn;
    if (!conn) {
      this.exitedGeneration = gen;
      return;
    }
    this.conn = null;
    const stderr = conn.stderrTail();
    if (this.restarts < MAX_RESTARTS) {
      this.restarts += 1;
      this.statusValue = 'restarting';
      this.error = describeFailure('exited unexpectedly; restarting it once', stderr);
      this.deps.events({ type: 'server_failed', server: this.name, error: this.error });
      this.pending = this.launch(true);
      return;
    }
    this.statusValue = 'down';
    this.error = describeFailure('exited again after its restart; its tools are unavailable', stderr);
    this.deps.events({ type: 'server_failed', server: this.name, error: this.error });
  }
}
