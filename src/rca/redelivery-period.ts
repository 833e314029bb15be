// Which commit set the timeout after which a broker hands out again a message still being worked on (Celery on Redis/SQS
// visibility_timeout, SQS VisibilityTimeout, RabbitMQ consumer_timeout): the one that set it to the redelivery gap seen.
import type { ChangedSetting } from './analyzer.js';

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

/** A key and value a diff line sets, flat (`key: 10m`, `key = 600`) or inside a map (`{"key": 600}`), with its file. */
export function diffValues(diff: string, sign: '+' | '-'): Array<{ key: string; value: string; line: string; path: string | null }> {
  const out: Array<{ key: string; value: string; line: string; path: string | null }> = [];
  let path: string | null = null;
  for (const line of diff.split('\n')) {
    const file = /^\+\+\+ (?:b\/)?(.+)$/.exec(line);
    if (file) {
      path = file[1] === '/dev/null' ? null : file[1]!;
      continue;
    }
    if (line[0] !== sign || line.startsWith(sign.repeat(3))) continue;
    for (const m of line.matchAll(/["']?([A-Za-z][\w.-]*)["']?\s*[:=]\s*["']?(\d+(?:\.\d+)?\s*[a-z]*)["']?/gi)) out.push({ key: m[1]!, value: m[2]!.trim(), line: line.slice(1).trim(), path });
  }
  return out;
}

/**
 * The redelivery settings a diff set to the observed period (within TOLERANCE), with the value each had before:
 * that commit chose the gap after which running work is handed out again.
 */
export function setsRedeliveryPeriod(diff: string, periodMs: number): ChangedSetting[] {
  const before = diffValues(diff, '-');
  return diffValues(diff, '+')
    .filter((v) => {
      if (!REDELIVERY_KEY.test(v.key)) return false;
      const ms = valueMs(v.key, v.value);
      return ms !== null && ms > 0 && Math.abs(ms - periodMs) <= TOLERANCE * periodMs;
    })
    .map((v) => ({ path: v.path, key: v.key, from: before.find((b) => b.key === v.key && b.path === v.path)?.value ?? '(unset)', to: v.value, line: v.line }));
}
