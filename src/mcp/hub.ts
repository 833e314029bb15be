// The hub: starts every configured stdio server concurrently and offers their tools as one ToolCaller.
// Failures (unknown tool, timeout, crash, a server that never started) come back as ok:false outcomes.
import { ignoreEvents, type EventSink } from '../core/events.js';
import type { CallOptions, ToolCallOutcome, ToolCaller, ToolSpec } from '../core/tools.js';
import { AuditLog } from './audit.js';
import { invokeTool, type RawOutcome } from './call.js';
import { ServerSlot } from './health.js';
import { ToolRegistry, unknownToolMessage } from './registry.js';
import type { AuditRecord, HubOptions, ServerHealth } from './types.js';

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
export const DEFAULT_START_TIMEOUT_MS = 15_000;

export class McpHub implements ToolCaller {
  private readonly slots = new Map<string, ServerSlot>();
  private readonly registry = new ToolRegistry();
  private readonly auditLog = new AuditLog();
  private readonly events: EventSink;
  private readonly callTimeoutMs: number;
  private readonly now: () => number;

  /** Use startHub(); the constructor only wires the slots. */
  constructor(private readonly options: HubOptions) {
    this.events = options.events ?? ignoreEvents;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    for (const spec of options.servers) {
      if (this.slots.has(spec.name)) throw new Error(`two servers are named "${spec.name}": server names must be unique`);
      this.slots.set(
        spec.name,
        new ServerSlot(spec, {
          startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
          events: this.events,
          registry: this.registry,
          logger: options.logger,
          adopt: options.early ? (s) => options.early?.claim(s) : undefined,
        }),
      );
    }
  }

  /** Starts all servers at once; resolves when each is ready or has failed (one failure stops nothing). */
  async start(): Promise<this> {
    await Promise.all([...this.slots.values()].map((s) => s.start()));
    return this;
  }

  /** Tools of the servers that are ready now (a crashed or failed server's tools are left out). */
  listTools(): ToolSpec[] {
    return [...this.slots.values()].filter((s) => s.ready()).flatMap((s) => this.registry.serverTools(s.name));
  }

  health(): ServerHealth[] {
    return [...this.slots.values()].map((s) => s.health());
  }

  /** Every call so far, in the order they finished. */
  audit(): AuditRecord[] {
    return this.auditLog.list();
  }

  reserveIds(count: number): string[] {
    return this.auditLog.reserve(count);
  }

  async call(tool: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<ToolCallOutcome> {
    // Numbered now, before any await, unless the caller numbers it by plan (its id may come after the answer).
    const numbered: Promise<string> | string = opts.id ?? this.auditLog.nextId();
    const startedAt = new Date(this.now()).toISOString();
    const t0 = performance.now();
    const spec = this.registry.find(tool);
    const slot = spec ? this.slots.get(spec.server) : undefined;
    const answer: Promise<RawOutcome> =
      !spec || !slot ? Promise.resolve({ ok: false, text: unknownToolMessage(tool, this.listTools()), crashed: false }) : this.route(slot, spec, args, opts);
    // A failure is rethrown where the answer is awaited below; until then it must not count as unhandled.
    answer.catch(() => undefined);
    const id = await numbered;
    this.events({ type: 'tool_call_started', id, tool, args });
    const raw = await answer;
    const ms = Math.round(performance.now() - t0);
    const bytes = Buffer.byteLength(raw.text);
    this.auditLog.record({
      id,
      server: spec?.server ?? null,
      tool: spec?.tool ?? tool,
      qualified: tool,
      args,
      startedAt,
      ms,
      ok: raw.ok,
      error: raw.ok ? null : raw.text,
      bytes,
    });
    // A failure carries the server's own first line, so every consumer can say why, not only that.
    const error = raw.ok ? undefined : (raw.text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);
    this.events({ type: 'tool_call_finished', id, tool, ok: raw.ok, ms, bytes, ...(error !== undefined ? { error } : {}) });
    return { id, tool, args, ok: raw.ok, text: raw.text, ms, bytes };
  }

  private async route(slot: ServerSlot, spec: ToolSpec, args: Record<string, unknown>, opts: CallOptions): Promise<RawOutcome> {
    // A restart in flight is awaited (bounded by the start timeout) rather than failing the call at once.
    for (let i = 0; i < 3 && (slot.status === 'starting' || slot.status === 'restarting'); i++) await slot.settled();
    const conn = slot.ready();
    if (!conn) return { ok: false, text: `${spec.name} is unavailable: ${slot.unavailableReason()}`, crashed: false };
    const limit = opts.timeoutMs ?? slot.spec.callTimeoutMs ?? this.callTimeoutMs;
    const raw = await invokeTool(conn.client, spec.name, spec.tool, args, limit, opts.timeBudgetMs);
    if (!raw.crashed) return raw;
    const next = slot.status === 'restarting' ? 'it is being restarted once; retry the call' : 'it stays down; its tools are unavailable';
    const stderr = conn.stderrTail();
    return { ...raw, text: `${raw.text}; ${next}${stderr ? ` (last stderr: ${stderr.split('\n').slice(-2).join(' | ')})` : ''}` };
  }

  /** Ends every server process; the hub answers no more calls afterwards. */
  async close(): Promise<void> {
    await Promise.all([...this.slots.values()].map((s) => s.close()));
  }
}

/** Creates a hub and starts its servers concurrently. */
export async function startHub(options: HubOptions): Promise<McpHub> {
  return new McpHub(options).start();
}
