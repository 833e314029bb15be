// A callee whose answers come back late (a delayed link) shows only in its callers' latency: the request flows' waits
// after its entries tell it apart, when the next service reached from elsewhere kept its usual wait.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { responseWaitSignals } from '../../src/rca/localize/response-waits.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2024-05-02T10:00:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const ONSET = 26;
/** The logs reach two minutes before the fault, like a capture taken around it. */
const LOGS_FROM = 24;
const INCIDENT = 'shop: latency up on the gateway: p90 0.31s (usually 0.05s) since about 10:26 UTC';
const SERVICES = ['gateway', 'cart', 'catalog', 'pricing'];

/**
 * Requests gateway <- pricing <- cart (checkout) and gateway <- pricing <- catalog (browse), one entry per service as it
 * finishes. `waits` sets the wait (ms) after a step from the onset on, keyed "from>to"; before, every wait is 2-4 ms.
 */
function flows(waits: Record<string, number>): RequestFlows {
  const minutes = Array.from({ length: 30 - LOGS_FROM }, (_, k) => BASE + (LOGS_FROM + k) * MIN);
  const steps = [
    { service: 'cart', step: 'GetCart items=<*>' },
    { service: 'catalog', step: 'ListProducts page=<*>' },
    { service: 'pricing', step: 'Quote items=<*>' },
    { service: 'gateway', step: 'POST <*> -> <*>' },
  ];
  const edges: Array<[number, number, number]> = [[0, 2, 3], [1, 2, 2.5], [2, 3, 1.2], [3, -1, 0]];
  const after = (m: number) => m >= BASE + ONSET * MIN;
  const transitions = edges.map(([from, to, usual]) => ({
    from,
    to,
    counts: minutes.map(() => (from === 2 ? 60 : 30)),
    ...(to < 0 ? {} : { gap_ms: minutes.map((m) => (after(m) ? (waits[`${from}>${to}`] ?? usual) : usual)), gap_spread_ms: minutes.map(() => 0.8) }),
  }));
  return { minutes, steps, transitions, calls: [], services: [] };
}

function bundle(f: RequestFlows): EvidenceBundle {
  // The gateway's latency rose with its calls; nobody's CPU moved.
  const series = [
    minuteSeries('pod_server_latency_p90_seconds', { service: 'gateway', pod: 'gateway-7d9f8b6c5-x2k4p' }, BASE, 30, (m) => (m >= ONSET ? 0.31 : 0.05 * (1 + 0.03 * Math.sin(m)))),
    ...SERVICES.map((svc, i) => minuteSeries('pod_cpu_usage_percent', { service: svc, pod: `${svc}-7d9f8b6c5-x2k4p` }, BASE, 30, (m) => (12 + i) * (1 + 0.04 * Math.sin(m * 1.7 + i)))),
  ];
  const b = handBundle(INCIDENT, WINDOW, { series });
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(f) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data: f };
  return b;
}

describe('slow answers in transit', () => {
  it('blames the service after whose answers requests wait longer, when the next service reached from elsewhere does not', () => {
    const { signals } = responseWaitSignals(bundle(flows({ '0>2': 183 })), BASE + ONSET * MIN);
    expect(signals.map((s) => [s.service, s.kind])).toEqual([['cart', 'network_faults']]);
    expect(signals[0]!.what).toContain('183 ms after cart\'s "GetCart items=<*>" from 3.0 ms before the onset');
  });

  it('reads a wait that grew before every entry of the next service as that service\'s own time, not its callers\'', () => {
    // pricing itself got slower: whoever comes before it waits longer.
    expect(responseWaitSignals(bundle(flows({ '0>2': 63, '1>2': 62 })), BASE + ONSET * MIN).signals).toEqual([]);
  });

  it('ranks that service above the gateway where the latency was felt', () => {
    const r = runAnalyzers(bundle(flows({ '0>2': 183 })), ANALYZERS, () => {});
    expect(r.failed).toEqual([]);
    const v = rank(r.findings, r.context);
    expect(v.best.service).toBe('cart');
    expect(v.best.category).toBe('dependency_failure');
    expect(v.best.summary).toContain('requests waited longer after cart answered');
  });
});
