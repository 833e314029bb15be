// The MCP client's stdio transport over a child that is already running (early-spawn.ts): the SDK's
// StdioClientTransport less its spawn, so the Client attaches to a server that started before the SDK was loaded.
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { EarlyChild } from './early-spawn.js';

/** How long close() waits after closing stdin, and again after SIGTERM (the SDK's 2 s each). */
const CLOSE_GRACE_MS = 2000;

export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private process: ChildProcess | undefined;
  private started = false;
  private readonly readBuffer = new ReadBuffer();
  private readonly stderrStream = new PassThrough();

  constructor(private readonly child: EarlyChild) {}

  /** The child's stderr, readable before start() as the SDK's is, so no early line is lost. */
  get stderr(): PassThrough {
    return this.stderrStream;
  }

  /** The child's pid while the transport is open (null after close, as the SDK's). */
  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('ChildProcessTransport already started');
    this.started = true;
    const p = this.child.process;
    this.process = p;
    p.on('error', (error) => this.onerror?.(error));
    const onClose = () => {
      this.process = undefined;
      this.onclose?.();
    };
    p.once('close', onClose);
    p.stdin?.on('error', (error) => this.onerror?.(error));
    p.stdout?.on('data', (chunk: Buffer) => {
      try {
        this.readBuffer.append(chunk);
        this.processReadBuffer();
      } catch (error) {
        this.onerror?.(error as Error);
        this.close().catch(() => undefined);
      }
    });
    p.stdout?.on('error', (error) => this.onerror?.(error));
    p.stderr?.pipe(this.stderrStream);
    try {
      await this.child.spawned;
    } catch (error) {
      // The spawn failed before anyone listened: report it as the SDK does when it spawns (error, then reject).
      this.onerror?.(error as Error);
      throw error;
    }
    // It already went away while nobody was listening: say so once the caller is connected.
    if (this.child.closedEarly()) {
      p.removeListener('close', onClose);
      this.process = undefined;
      setImmediate(() => this.onclose?.());
    }
  }

  private processReadBuffer(): void {
    for (;;) {
      try {
        const message = this.readBuffer.readMessage();
        if (message === null) break;
        this.onmessage?.(message);
      } catch (error) {
        this.onerror?.(error as Error);
      }
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      const stdin = this.process?.stdin;
      if (!stdin) throw new Error('Not connected');
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Closes stdin, then SIGTERM, then SIGKILL, each after a grace period (the SDK's sequence). */
  async close(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    if (p) {
      const closed = new Promise<void>((resolve) => p.once('close', () => resolve()));
      const grace = () => Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      try {
        p.stdin?.end();
      } catch {
        // Already closed.
      }
      await grace();
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        if (p.exitCode !== null || p.signalCode !== null) break;
        try {
          p.kill(signal);
        } catch {
          // Already gone.
        }
        if (signal === 'SIGTERM') await grace();
      }
    }
    this.readBuffer.clear();
  }
}
