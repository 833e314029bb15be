// Spawns one stdio MCP server (or attaches to one spawned early), initializes it and lists its tools within a start deadline.
// Its stderr is kept as a short tail so a failure can say why the server died.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Stream } from 'node:stream';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { redact } from '../core/redact.js';
import { lazySchemaValidator } from '../core/schema-validator.js';
import { ChildProcessTransport } from './child-transport.js';
import type { EarlyChild } from './early-spawn.js';
import type { ServerLaunchSpec } from './types.js';

const CLIENT_INFO = { name: 'incident-copilot', version: '0.1.0' };
const STDERR_TAIL_BYTES = 2048;

export interface Connection {
  client: Client;
  pid: number | null;
  tools: Tool[];
  /** name@version the server reported, or null. */
  version: string | null;
  stderrTail(): string;
  /** Ends the server: closes stdin, then SIGTERM, then SIGKILL (the SDK's sequence). */
  close(): Promise<void>;
}

export interface ConnectOptions {
  startTimeoutMs: number;
  /** Called once if the process goes away without close() having been called. */
  onExit: () => void;
  /** Called with the fresh list after the server announces notifications/tools/list_changed. */
  onToolsChanged?: (tools: Tool[]) => void;
  logger?: Logger;
  /** The server's process, spawned ahead of the hub (early-spawn.ts): attached to instead of spawning one. */
  child?: EarlyChild;
}

/** Keeps the last few KB of a child's stderr, and forwards lines to the debug log. */
function stderrCollector(name: string, logger?: Logger) {
  let tail = '';
  return {
    push(chunk: Buffer | string) {
      const text = chunk.toString();
      tail = (tail + text).slice(-STDERR_TAIL_BYTES);
      if (logger) for (const line of text.split('\n')) if (line.trim()) logger.debug(`${name}: ${line}`);
    },
    // Server stderr can echo connection strings or tokens; it ends up in reports and model prompts.
    text: () => redact(tail.trim()),
  };
}

/** A message for a failed start: the reason plus the telling stderr lines (error lines first, else the last ones). */
export function describeFailure(reason: string, stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const telling = lines.filter((l) => /error|cannot|can't|refus|fail|denied|not found|invalid|usage/i.test(l) && !/^at /.test(l));
  const picked = (telling.length > 0 ? telling.slice(0, 3) : lines.slice(-3)).join(' | ');
  const hint = /Cannot find module .*dist\//.test(stderr) ? ' (not built yet? run: npm run build)' : '';
  return picked ? `${reason}; stderr: ${picked}${hint}` : reason;
}

/** A stdio transport with the child's stderr and pid: the SDK's, which spawns, or ours over a running child. */
type ChildTransport = Transport & { readonly stderr: Stream | null; readonly pid: number | null };

async function openTransport(spec: ServerLaunchSpec, child: EarlyChild | undefined): Promise<ChildTransport> {
  if (child) return new ChildProcessTransport(child);
  // Loaded only here: a run whose servers were all spawned early never reads cross-spawn.
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  return new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, stderr: 'pipe' });
}

export async function connectServer(spec: ServerLaunchSpec, opts: ConnectOptions): Promise<Connection> {
  const transport = await openTransport(spec, opts.child);
  const stderr = stderrCollector(spec.name, opts.logger);
  transport.stderr?.on('data', (c: Buffer) => stderr.push(c));
  const client = new Client(CLIENT_INFO, {
    capabilities: {},
    // Its Ajv instance is built only if the server declares a tool output schema.
    jsonSchemaValidator: lazySchemaValidator(),
    listChanged: {
      tools: {
        debounceMs: 50,
        onChanged: (err, tools) => {
          if (err) opts.logger?.debug(`${spec.name}: tool list refresh failed: ${errorMessage(err)}`);
          else if (tools) opts.onToolsChanged?.(tools);
        },
      },
    },
  });
  let connected = false;
  let closing = false;
  client.onclose = () => {
    if (connected && !closing) opts.onExit();
  };
  // Transport errors (EPIPE on a dead child) surface as rejected requests; keep them off the console.
  client.onerror = (err) => opts.logger?.debug(`${spec.name}: transport error: ${errorMessage(err)}`);

  const close = async () => {
    closing = true;
    await client.close().catch(() => undefined);
  };

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not start within ${opts.startTimeoutMs} ms`)), opts.startTimeoutMs);
    timer.unref();
  });
  try {
    const tools = await Promise.race([startAndList(client, transport), deadline]);
    connected = true;
    const info = client.getServerVersion();
    return {
      client,
      pid: transport.pid,
      tools,
      version: info ? `${info.name}@${info.version}` : null,
      stderrTail: stderr.text,
      close,
    };
  } catch (err) {
    // A server that failed to start gets no graceful stdin-close period: stop it now.
    const pid = transport.pid;
    if (pid !== null) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    await close();
    // The child's last stderr bytes travel through a pipe: give them a turn to arrive.
    await new Promise((r) => setImmediate(r));
    throw new Error(describeFailure(startFailureReason(err), stderr.text()));
  } finally {
    clearTimeout(timer);
  }
}

async function startAndList(client: Client, transport: Transport): Promise<Tool[]> {
  await client.connect(transport);
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

function startFailureReason(err: unknown): string {
  const msg = errorMessage(err);
  if (/ENOENT/.test(msg)) return `command not found (${msg})`;
  if (/Connection closed/i.test(msg)) return 'exited before it finished starting';
  return msg;
}
