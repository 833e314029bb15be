// request_flows' statement counts: how often each statement (a service's code location, else its message's leading
// words: the key steps use) logged per minute, traced or not, so a code path that stopped being reached shows without traces.
import { toIso } from '../../src/core/time.js';

const MIN = 60_000;
/** Statements logged fewer times than this in the whole window say nothing about a rate; they are left out. */
const MIN_ENTRIES = 5;
/** Most statements returned; fewer over long windows, so the counts stay near this many numbers in all. */
const MAX_STATEMENTS = 200;
const MAX_NUMBERS = 60_000;

export interface StatementsOut {
  /** Every minute start (ISO) from the first entry's minute to the last one's, the counts aligned with them. */
  statement_minutes: string[];
  /** The most frequent statements first; `failed` when one of its entries was logged at error level or worse. */
  statements: Array<{ service: string | null; step: string; failed?: true; counts: number[] }>;
}

export class StatementCounter {
  private readonly byKey = new Map<string, { service: string | null; step: string; failed: boolean; minutes: Map<number, number>; total: number }>();
  private first = Infinity;
  private last = -Infinity;

  /** One entry: its time (ms), service, statement key (what makes two entries one statement) and label. */
  add(time: number, service: string | null, key: string, step: string, failed: boolean): void {
    const minute = Math.floor(time / MIN) * MIN;
    this.first = Math.min(this.first, minute);
    this.last = Math.max(this.last, minute);
    const k = `${service ?? ''}\u0000${key}`;
    let s = this.byKey.get(k);
    if (!s) this.byKey.set(k, (s = { service, step, failed: false, minutes: new Map(), total: 0 }));
    s.minutes.set(minute, (s.minutes.get(minute) ?? 0) + 1);
    s.total++;
    if (failed) s.failed = true;
  }

  /** The most frequent statements (fewer over long windows); minutes with no entry of a statement count zero. */
  result(): StatementsOut {
    if (this.first > this.last) return { statement_minutes: [], statements: [] };
    const minutes: number[] = [];
    for (let m = this.first; m <= this.last; m += MIN) minutes.push(m);
    const kept = [...this.byKey.values()]
      .filter((s) => s.total >= MIN_ENTRIES)
      .sort((a, b) => b.total - a.total || a.step.localeCompare(b.step))
      .slice(0, Math.max(1, Math.min(MAX_STATEMENTS, Math.floor(MAX_NUMBERS / minutes.length))));
    return {
      statement_minutes: minutes.map(toIso),
      statements: kept.map((s) => ({
        service: s.service,
        step: s.step,
        ...(s.failed ? { failed: true as const } : {}),
        counts: minutes.map((m) => s.minutes.get(m) ?? 0),
      })),
    };
  }
}
