// The recorded source: answers the read-only tools from a snapshot file, and refuses every mutation
// (there is no engine behind it), so the demo scenario runs anywhere.
import type { ContainerEvent } from '../../../src/core/evidence.js';
import { inWindow } from '../../../src/core/time.js';
import { ToolInputError } from '../../../src/core/tool-kit.js';
import type { ContainerRecord, DockerSource, ExecResult, LogLine } from '../records.js';
import type { Snapshot } from './schema.js';

export class SnapshotSource implements DockerSource {
  readonly kind = 'snapshot' as const;
  constructor(
    private readonly snap: Snapshot,
    private readonly label = 'snapshot',
  ) {}

  defaultNow(): number {
    return Date.parse(this.snap.captured_at);
  }

  async listContainers(): Promise<ContainerRecord[]> {
    return [...this.snap.containers].sort((a, b) => a.name.localeCompare(b.name));
  }

  async getContainer(ref: string): Promise<ContainerRecord> {
    const r = ref.replace(/^\//, '');
    const found =
      this.snap.containers.find((c) => c.name === r || c.id === r) ??
      (r.length >= 4 ? this.snap.containers.filter((c) => c.id.startsWith(r)) : []).at(0);
    if (!found) {
      const names = this.snap.containers.map((c) => c.name).sort().join(', ');
      throw new ToolInputError(`no container named or with id "${ref}" in the ${this.label} (known containers: ${names}); call list_containers`);
    }
    return found;
  }

  async getLogs(ref: string, opts: { tail: number; from: number | null; to: number | null }): Promise<LogLine[]> {
    const c = await this.getContainer(ref);
    const lines = (this.snap.logs[c.name] ?? []).filter(
      (l) => l.time === null || inWindow(Date.parse(l.time), { from: opts.from, to: opts.to }),
    );
    return lines.slice(Math.max(0, lines.length - opts.tail));
  }

  async getEvents(opts: { from: number; to: number; container?: string }): Promise<ContainerEvent[]> {
    const c = opts.container ? await this.getContainer(opts.container) : null;
    return this.snap.events
      .filter((e) => inWindow(Date.parse(e.time), { from: opts.from, to: opts.to }))
      .filter((e) => !c || e.container === c.name)
      .sort((a, b) => a.time.localeCompare(b.time));
  }

  restart(): Promise<void> {
    return this.readOnly();
  }

  updateResources(): Promise<void> {
    return this.readOnly();
  }

  exec(): Promise<ExecResult> {
    return this.readOnly();
  }

  private readOnly(): never {
    throw new ToolInputError(`the server reads a recorded ${this.label}, which cannot be changed; start it with --socket PATH to act on a live engine`);
  }
}
