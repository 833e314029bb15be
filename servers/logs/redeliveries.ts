// Messages a queue handed out again while their consumer still worked on them: the same task or message id received
// twice with no outcome between (a broker's visibility or consumer timeout passed). request_flows reports the typical gap.
import { median } from '../../src/core/median.js';

/** One line about a message: handed to the consumer, or finished with (succeeded, failed, acked). */
export interface Receipt {
  time: number;
  id: string;
  what: 'received' | 'finished';
}

/** What request_flows reports: the typical gap, how many, whose, and one receipt-again line to quote. */
export interface Redelivery {
  /** The median gap (ms) between a message's first receipt and its receipt again while unfinished. */
  period_ms: number;
  count: number;
  service: string | null;
  /** The first line of a message received again, as logged (cut to 240 characters). */
  example: string;
}

/** Fewer than this and a repeat may be a retry or a duplicate publish, not a timeout handing work out again. */
const MIN_REDELIVERIES = 5;
/** Receipts kept per service: a day of a busy worker; beyond it the latest are dropped (the window's start is enough). */
const MAX_RECEIPTS = 200_000;

// A cheap first look: every receipt line has one of these words.
const MAYBE = /received|deliver|consum|succeeded|failed|raised|acked|completed|processed/i;
// An id: a task's in brackets (Celery's `Task app.tasks.export[<uuid>] received`) or a message/task id field.
const ID = /\[([0-9a-f][\w-]{7,99})\]|\b(?:message|msg|task|delivery)[_ -]?id[=: ]+["']?([\w-]{8,100})/i;
const RECEIVED = /\b(?:received|delivered|redelivered|consuming|picked up)\b/i;
const FINISHED = /\b(?:succeeded|failed|raised|acked|ack(?:nowledg)?ed|completed|processed|rejected|retry)\b/i;

/** The receipt a message line records, or null. The id comes from the line itself, never trusted beyond its shape. */
export function receiptOf(time: number, message: string): Receipt | null {
  if (!MAYBE.test(message)) return null;
  const line = message.split('\n', 1)[0]!;
  const m = ID.exec(line);
  const id = m?.[1] ?? m?.[2];
  if (!id || !/\d/.test(id)) return null;
  // The words after the id say what happened to it (`Task x[id] succeeded in 3.1s` names "received" nowhere).
  const rest = line.slice((m!.index ?? 0) + m![0].length);
  if (FINISHED.test(rest)) return { time, id, what: 'finished' };
  if (RECEIVED.test(rest) || RECEIVED.test(line.slice(0, m!.index))) return { time, id, what: 'received' };
  return null;
}

/**
 * Messages received again while their first run had no outcome yet, and the median gap. The median, not the least:
 * a broker hands a message out once its timeout passes, plus however long its restore loop and a free slot take, so
 * the gaps gather at and a little above the timeout; a few early repeats (a publisher sending twice) do not move it.
 */
export function redeliveryGaps(receipts: Receipt[]): number[] {
  const open = new Map<string, number>();
  const gaps: number[] = [];
  for (const r of [...receipts].sort((a, b) => a.time - b.time)) {
    if (r.what === 'finished') {
      open.delete(r.id);
      continue;
    }
    const first = open.get(r.id);
    if (first === undefined) open.set(r.id, r.time);
    else gaps.push(r.time - first);
  }
  return gaps;
}

/** Receipts gathered per service as the scan goes (files in any order), judged at the end. */
export class RedeliveryLog {
  private readonly byService = new Map<string, { receipts: Receipt[]; seen: Set<string>; lines: Map<string, string> }>();

  add(time: number, service: string | null, message: string): void {
    const r = receiptOf(time, message);
    if (!r) return;
    const key = service ?? '';
    const s = this.byService.get(key) ?? { receipts: [], seen: new Set<string>(), lines: new Map<string, string>() };
    this.byService.set(key, s);
    if (s.receipts.length >= MAX_RECEIPTS) return;
    s.receipts.push(r);
    // A received line of an id seen before: a candidate quote of a redelivery (kept small: one per id, the first 50).
    if (r.what !== 'received') return;
    if (s.seen.has(r.id) && s.lines.size < 50) s.lines.set(r.id, message.split('\n', 1)[0]!.slice(0, 240));
    s.seen.add(r.id);
  }

  /** The service with the most redeliveries, when it has enough. */
  result(): Redelivery | null {
    let best: Redelivery | null = null;
    for (const [service, s] of this.byService) {
      const gaps = redeliveryGaps(s.receipts);
      if (gaps.length < MIN_REDELIVERIES || (best && gaps.length <= best.count)) continue;
      const example = [...s.lines.values()][0];
      if (!example) continue;
      best = { period_ms: median(gaps), count: gaps.length, service: service || null, example };
    }
    return best;
  }
}
