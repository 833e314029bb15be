// A service whose ordinary lines' values moved at the onset (go-kit's `result=false`, zerolog's hotel counts) is named
// as answering wrong values, read from real log lines through request_flows; durations, small drifts and copies are not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { requestFlows } from '../../servers/logs/flows.js';
import { inspectFile } from '../../src/core/logs/file-info.js';
import { parseFlows } from '../../src/core/sources/request-flows.js';
import { shiftedValues } from '../../src/rca/localize/shifted-values.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { handBundle } from './helpers.js';

const BASE = Date.parse('2024-04-10T10:38:00Z');
const ONSET = Date.parse('2024-04-10T10:42:00Z');
const END = Date.parse('2024-04-10T10:46:00Z');
const iso = (t: number) => new Date(t).toISOString();

/** Runs request_flows over the files and returns a bundle holding its parsed answer, as the engine gathers it. */
async function bundleOf(files: Record<string, string[]>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shifted-values-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const infos = [];
  for (const [name, lines] of Object.entries(files)) {
    writeFileSync(path.join(dir, `${name}.log`), `${lines.join('\n')}\n`);
    infos.push(await inspectFile(path.join(dir, `${name}.log`), END));
  }
  const out = await requestFlows(infos, { window: { from: BASE, to: END }, maxTransitions: 800, scan: { reference: END, cacheDir: null, budgetBytes: 1e12 } });
  const b = handBundle('orders rejected', { from: BASE, to: END }, {});
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(out) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data: parseFlows(out)! };
  return b;
}

/** One request every 2 s from BASE to END; `f(t, i)` writes its lines. */
function every2s<T>(f: (t: number, i: number) => T): T[] {
  const out: T[] = [];
  for (let t = BASE, i = 0; t < END; t += 2000, i++) out.push(f(t, i));
  return out;
}

/** go-kit's logging middleware in a payment service: declines one authorisation in `declines(after)` before/after the onset. */
function payment(declineEveryBefore: number, declineEveryAfter: number, tookAfterMs = 0.3): string[] {
  return every2s((t, i) => {
    const after = t >= ONSET;
    const declined = i % (after ? declineEveryAfter : declineEveryBefore) === 0;
    const took = after ? tookAfterMs : 0.3;
    return `ts=${iso(t)} caller=logging.go:27 method=Authorise result=${!declined} took=${took}ms`;
  });
}

describe('services answering wrong values', () => {
  it('names the service whose result field turned from true to false in half its lines, with no error logged', async () => {
    const b = await bundleOf({ payment: payment(100, 2) });
    const set = shiftedValues(b, ONSET, 3);
    expect(set.signals.map((s) => [s.service, s.kind])).toEqual([['payment', 'wrong_values']]);
    expect(set.signals[0]!.what).toContain('"ts=<*> caller=<*> method=Authorise result=<*>" lines now give result "false" in 50 % of them after the onset against 2 % before');
    expect(rankServices(set)[0]!.service).toBe('payment');
  });

  it('near miss: a few more declines than before (a traffic mix drifting) or slower answers name no one', async () => {
    expect(shiftedValues(await bundleOf({ payment: payment(20, 12) }), ONSET, 3).signals).toEqual([]);
    // Its durations rose tenfold: slowness, which the latency analyses read, not a different answer.
    expect(shiftedValues(await bundleOf({ payment: payment(100, 100, 30) }), ONSET, 3).signals).toEqual([]);
  });

  /**
   * DeathStarBench's hotel search (zerolog console lines with Jaeger trace ids): geo answers the nearby hotels, then
   * rate prices them and search logs the count it returns. `nearby(after)` is the count geo answers.
   */
  function hotels(nearby: (after: boolean) => number) {
    const lines: Record<string, string[]> = { geo: [], rate: [], search: [] };
    every2s((t, i) => {
      const n = nearby(t >= ONSET);
      const trace = (0x1000000000000000 + i * 7919).toString(16);
      const at = (ms: number, svc: string, text: string) => lines[svc]!.push(`${iso(t + ms)} INFO [${svc}] services/${svc}/server.go:${svc.length * 10} > TraceID: ${trace} SpanID: ${trace.slice(0, 8)}${svc.length}0000000 ${text}`);
      at(1, 'geo', `Nearby lat=37.7${i % 10}00 lon=-122.0${i % 7}65: ${n} hotels within 10km`);
      at(3, 'rate', `GetRates hotels=${n} memc_hits=${n} 2.1${i % 10}ms`);
      at(5, 'search', `Nearby hotels=${n} 5.${i % 10}1ms`);
    });
    return lines;
  }

  it('names only the service whose count moved first in each request, not those that carry it on', async () => {
    const set = shiftedValues(await bundleOf(hotels((after) => (after ? 40 : 5))), ONSET, 3);
    expect(set.signals.map((s) => s.service)).toEqual(['geo']);
    expect(set.signals[0]!.what).toContain('hotels 32 to 63 in 100 % of them after the onset against 0 % before');
  });

  it('near miss: the same requests with the counts unchanged name no one', async () => {
    expect(shiftedValues(await bundleOf(hotels(() => 5)), ONSET, 3).signals).toEqual([]);
  });
});
