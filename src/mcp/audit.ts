// The audit trail of one hub: every call with its server, tool, arguments, duration, outcome and size,
// and the per-hub call ids ("c1", "c2", ...) that evidence items cite.
import type { AuditRecord } from './types.js';

export class AuditLog {
  private readonly records: AuditRecord[] = [];
  private counter = 0;

  /** Ids are unique within this hub only; two hubs (two investigations) both start at c1. */
  nextId(): string {
    this.counter += 1;
    return `c${this.counter}`;
  }

  /** The next `count` ids, taken now (a caller numbering calls by plan hands them back through CallOptions.id). */
  reserve(count: number): string[] {
    return Array.from({ length: count }, () => this.nextId());
  }

  record(entry: AuditRecord): void {
    this.records.push({ ...entry, args: structuredClone(entry.args) });
  }

  /** A copy, in call-start order of completion; callers cannot alter the trail. */
  list(): AuditRecord[] {
    return this.records.map((r) => ({ ...r, args: structuredClone(r.args) }));
  }
}
