// request_flows' step-to-step waits: per transition and minute, the median time from one entry of a request to its next.
// Services log a request as they finish it, so the wait after a callee's entry is its response travelling back.
import { median } from '../../src/core/median.js';

/** Samples kept per transition and minute: enough for a median, bounded on huge logs. */
const MAX_SAMPLES = 256;

/** Per transition key and minute index, the gaps (ms) between an entry and the request's next entry. */
export class GapCells {
  private readonly cells = new Map<string, Map<number, number[]>>();

  add(key: string, minute: number, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let byMinute = this.cells.get(key);
    if (!byMinute) this.cells.set(key, (byMinute = new Map()));
    const list = byMinute.get(minute);
    if (!list) byMinute.set(minute, [ms]);
    else if (list.length < MAX_SAMPLES) list.push(ms);
  }

  /**
   * Per minute of `minutes`, the median gap (ms) and the spread of that minute's gaps around it (1.4826 x their median
   * absolute deviation, a standard deviation's robust stand-in), null where the transition was not taken. With few
   * minutes on a side of an onset (a short capture), the spread within a minute is what a departure is measured by.
   */
  summary(key: string, minutes: number): { gap_ms: Array<number | null>; gap_spread_ms: Array<number | null> } {
    const byMinute = this.cells.get(key);
    const gap_ms: Array<number | null> = [];
    const gap_spread_ms: Array<number | null> = [];
    for (let i = 0; i < minutes; i++) {
      const list = byMinute?.get(i);
      const m = list && list.length ? median(list) : null;
      gap_ms.push(m === null ? null : round(m));
      gap_spread_ms.push(m === null ? null : round(1.4826 * median(list!.map((v) => Math.abs(v - m)))));
    }
    return { gap_ms, gap_spread_ms };
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
