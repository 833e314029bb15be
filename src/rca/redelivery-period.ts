// A queue handing out again a message its consumer still works on: the same id received twice with no outcome between
// (Celery on Redis/SQS, SQS VisibilityTimeout, RabbitMQ consumer_timeout). The gap is the broker's redelivery timeout.
// Pure: the receipts come from the logs (a later step wires them; see the commit message), the settings from diffs.

/** One line about a message: handed to the consumer, or finished with (succeeded, failed, acked). */
export interface Receipt {
  time: number;
  id: string;
  what: 'received' | 'finished';
}

export interface Redelivery {
  /** The typical gap (median, ms) between a message's first receipt and its receipt again while unfinished. */
  periodMs: number;
  /** How many such redeliveries the lines show. */
  count: number;
}

/** Fewer than this and a repeat may be a retry or a duplicate publish, not a timeout handing work out again. */
const MIN_REDELIVERIES = 5;

/**
 * Messages received again while their first run had no outcome yet, and the median gap. The median, not the least:
 * a broker hands a message out once its timeout passes, plus however long its restore loop and a free slot take, so
 * the gaps gather at and a little above the timeout; a few early repeats (a publisher sending twice) do not move it.
 */
export function redelivery(receipts: Receipt[]): Redelivery | null {
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
  if (gaps.length < MIN_REDELIVERIES) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const periodMs = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return { periodMs, count: gaps.length };
}

/** Keys that decide when unfinished work is handed out again (not connect or request timeouts). */
const REDELIVERY_KEY = /visibility|consumer_?timeout|ack_?(dead|timeout|deadline)|lease|redeliver|unacked/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, secs: 1000, seconds: 1000, m: 60_000, min: 60_000, mins: 60_000, minutes: 60_000, h: 3_600_000 };

/**
 * A setting's value in ms: a unit on the value (`10m`, `600s`), else on the key (`consumer_timeout_ms`,
 * `VisibilityTimeoutSeconds`), else seconds (Celery's visibility_timeout, SQS VisibilityTimeout and most brokers' own).
 * RabbitMQ's consumer_timeout is in ms although its name does not say so (rabbitmq.conf `consumer_timeout = 1800000`).
 */
export function valueMs(key: string, value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim().replace(/^["']|["']$/g, ''));
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2]) return UNIT_MS[m[2].toLowerCase()] !== undefined ? n * UNIT_MS[m[2].toLowerCase()]! : null;
  const keyUnit = /(ms|millis|milliseconds)$|^consumer_?timeout$/i.test(key) ? 1 : /(minutes|mins)$/i.test(key) ? 60_000 : 1000;
  return n * keyUnit;
}

/** How close a setting must come to the period: the broker's restore loop and busy slots add to the timeout. */
const TOLERANCE = 0.25;

/** A key and value a diff's added line sets, flat (`key: 10m`, `key = 600`) or inside a map (`{"key": 600}`). */
export function addedValues(diff: string): Array<{ key: string; value: string; line: string }> {
  const out: Array<{ key: string; value: string; line: string }> = [];
  for (const line of diff.split('\n')) {
    if (!/^\+(?!\+)/.test(line)) continue;
    for (const m of line.matchAll(/["']?([A-Za-z][\w.-]*)["']?\s*[:=]\s*["']?(\d+(?:\.\d+)?\s*[a-z]*)["']?/gi)) out.push({ key: m[1]!, value: m[2]!, line: line.slice(1).trim() });
  }
  return out;
}

/** The redelivery settings a diff set to the observed period (within TOLERANCE): that commit chose the gap. */
export function setsRedeliveryPeriod(diff: string, periodMs: number): Array<{ key: string; value: string; line: string }> {
  return addedValues(diff).filter((v) => {
    if (!REDELIVERY_KEY.test(v.key)) return false;
    const ms = valueMs(v.key, v.value);
    return ms !== null && ms > 0 && Math.abs(ms - periodMs) <= TOLERANCE * periodMs;
  });
}
