// bench:real's two trivial baselines on a case in another layout than Nezha's converted one: cAdvisor's CPU-seconds
// counter read as a rate, and error lines after a `kubectl logs --timestamps` prefix, in logfmt or in JSON.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largestCpuRise, mostErrorLines } from '../../bench/real-baselines.js';
import type { RealCase } from '../../bench/real-cases.js';

const INJECT = Date.parse('2024-04-09T03:10:00Z');

function caseWith(metrics: string, logs: Record<string, string>): RealCase {
  const dir = mkdtempSync(join(tmpdir(), 'baselines-'));
  mkdirSync(join(dir, 'metrics'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'metrics', 'metrics.om'), metrics);
  for (const [name, text] of Object.entries(logs)) writeFileSync(join(dir, 'logs', name), text);
  const truth = { case: 'c', system: 's', service: 'payment', fault_type: 'cpu', inject_time: new Date(INJECT).toISOString(), at: new Date(INJECT + 240_000).toISOString(), window: '30m' };
  return { name: 'c', dir, truth, incident: '', hasLogs: true };
}

/** A counter sampled each minute from 20 min before the injection, growing by `before` then `after` cores. */
function counter(container: string, before: number, after: number, reset = false): string {
  const lines: string[] = [];
  let v = 100;
  for (let t = INJECT - 20 * 60_000; t <= INJECT + 4 * 60_000; t += 60_000) {
    v += 60 * (t <= INJECT ? before : after);
    if (reset && t === INJECT - 10 * 60_000) v = 1;
    lines.push(`container_cpu_usage_seconds_total{namespace="shop",pod="${container}-5d9f-abcde",container="${container}"} ${v} ${t / 1000}`);
  }
  return lines.join('\n') + '\n';
}

describe('the CPU baseline', () => {
  it("reads cAdvisor's counter as cores used when the case has no percent gauge, a reset skipped", () => {
    const c = caseWith(counter('payment', 0.1, 0.9) + counter('orders', 0.3, 0.5, true) + counter('POD', 0, 5), {});
    expect(largestCpuRise(c)).toEqual(['payment', 'orders']);
  });
});

describe('the error-lines baseline', () => {
  it('counts error lines after a timestamp prefix: logback, logfmt and JSON levels', () => {
    const at = (s: number) => new Date(INJECT + s * 1000).toISOString();
    const c = caseWith('', {
      'carts.log': `${at(10)} 2024-04-09 03:10:10.000 ERROR [carts,ab,cd,false] 1 --- [exec-1] o.a.c.c.C: Servlet.service() threw\n`.repeat(3),
      'user.log': `${at(11)} level=error caller=main.go:12 msg="db down"\n${at(12)} {"level":"error","msg":"db down"}\n`,
      'front-end.log': `${at(13)} Order response: {"status":406,"error":"Not Acceptable"}\n`,
    });
    expect(mostErrorLines(c)).toEqual(['carts', 'user']);
  });
});
