// Types the hub shares with its callers: options, per-server health and the audit record of one call.
// Launch specs come from src/core/config-launch.ts so configuration never depends on the hub.
import type { EventSink } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { ServerLaunchSpec } from '../core/config-launch.js';
import type { EarlyServers } from './early-spawn.js';

export type { ServerLaunchSpec };

export interface HubOptions {
  servers: ServerLaunchSpec[];
  /** Receives server_starting/ready/failed and tool_call_started/finished. */
  events?: EventSink;
  /** Default per-call timeout; a spec's callTimeoutMs or the call's own timeoutMs wins. Default 30 s. */
  callTimeoutMs?: number;
  /** How long a server may take to spawn, initialize and list its tools. Default 15 s. */
  startTimeoutMs?: number;
  logger?: Logger;
  /** Processes spawned before the hub (early-spawn.ts): a server whose launch is among them adopts its child. */
  early?: Pick<EarlyServers, 'claim'>;
  /** Wall clock for audit timestamps (injectable for tests). */
  now?: () => number;
}

/**
 * starting: spawning or listing tools; ready: serving; restarting: crashed once, coming back;
 * failed: never started; down: crashed again after its one restart; closed: the hub was closed.
 */
export type ServerStatus = 'starting' | 'ready' | 'restarting' | 'failed' | 'down' | 'closed';

export interface ServerHealth {
  name: string;
  builtin: boolean;
  status: ServerStatus;
  pid: number | null;
  /** Number of tools offered (0 unless ready). */
  tools: number;
  /** Time from spawn to tool list of the last successful start. */
  startMs: number | null;
  restarts: number;
  /** Why it failed or went down, with the tail of its stderr. */
  error: string | null;
  /** Name and version the server reported at initialize. */
  version: string | null;
}

export interface AuditRecord {
  id: string;
  /** null when the tool name matched no server. */
  server: string | null;
  /** The server's own tool name (or the name asked for, when unknown). */
  tool: string;
  /** The qualified name the caller used: <server>__<tool>. */
  qualified: string;
  args: Record<string, unknown>;
  /** ISO time the call started. */
  startedAt: string;
  ms: number;
  ok: boolean;
  /** The error text when ok is false. */
  error: string | null;
  /** UTF-8 size of the text returned. */
  bytes: number;
}
