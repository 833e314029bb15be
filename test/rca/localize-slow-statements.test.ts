// A database's own slow-statement lines (logged at info, so no error count sees them) jumping at the onset make the
// database the suspect for its clients' latency; an application's per-request "duration:" lines are traffic, not that.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { slowStatementSignals } from '../../src/rca/localize/slow-statements.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, minuteSeries, flowsOf } from './helpers.js';

const BASE = Date.parse('2024-05-02T10:00:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const ONSET = 26;
const LOGS_FROM = 23;
const INCIDENT = 'shop: latency up on the api: p90 0.9s (usually 0.12s) since about 10:26 UTC';
const SERVICES = ['api', 'orders-db', 'worker'];

/** Statement counts per minute from 10:23: `f(minute)` for each statement. */
function flows(statements: Array<{ service: string; step: string; f: (m: number) => number }>): RequestFlows {
  const minutes = Array.from({ length: 30 - LOGS_FROM }, (_, k) => BASE + (LOGS_FROM + k) * MIN);
  return flowsOf({
    statementMinutes: minutes,
    statements: statements.map((s) => ({ service: s.service, step: s.step, counts: minutes.map((_, k) => s.f(LOGS_FROM + k)) })),
  });
}

const MONGO_SLOW = { service: 'orders-db', step: 'COMMAND conn<*> Slow query <*>' };
const PG_SLOW = { service: 'orders-db', step: 'duration: <*> ms statement: SELECT <*>' };
const CHECKPOINT = { service: 'orders-db', step: 'STORAGE WTCHKPT WiredTiger message <*>', f: () => 1 };
const ACCESS = { service: 'api', step: 'GET <*> 200 duration: <*>', f: (m: number) => (m >= ONSET ? 400 : 100) };

function bundle(f: RequestFlows): EvidenceBundle {
  // The api's latency rose (it waits on the database); no CPU moved.
  const series = [
    minuteSeries('pod_server_latency_p90_seconds', { service: 'api', pod: 'api-7d9f8b6c5-x2k4p' }, BASE, 30, (m) => (m >= ONSET ? 0.9 : 0.12 * (1 + 0.03 * Math.sin(m)))),
    ...SERVICES.map((svc, i) => minuteSeries('pod_cpu_usage_percent', { service: svc, pod: `${svc}-7d9f8b6c5-x2k4p` }, BASE, 30, (m) => (12 + i) * (1 + 0.04 * Math.sin(m * 1.7 + i)))),
  ];
  const b = handBundle(INCIDENT, WINDOW, { series });
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(f) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data: f };
  return b;
}

describe('a database\'s slow statements', () => {
  it('flags a database whose slow queries jump at the onset, at whatever level they are logged', () => {
    const f = flows([{ ...MONGO_SLOW, f: (m) => (m >= ONSET ? 240 : m === 24 ? 1 : 0) }, CHECKPOINT, ACCESS]);
    const { signals } = slowStatementSignals(bundle(f), BASE + ONSET * MIN, 3);
    expect(signals.map((s) => s.service)).toEqual(['orders-db']);
    expect(signals[0]!.what).toContain('orders-db logged 720 slow statements');
  });

  it('reads PostgreSQL\'s duration lines as slow statements, and a steady trickle of them as normal', () => {
    const jump = slowStatementSignals(bundle(flows([{ ...PG_SLOW, f: (m) => (m >= ONSET ? 50 : 2) }, ACCESS])), BASE + ONSET * MIN, 3);
    expect(jump.signals.map((s) => s.service)).toEqual(['orders-db']);
    const steady = slowStatementSignals(bundle(flows([{ ...PG_SLOW, f: () => 3 }, ACCESS])), BASE + ONSET * MIN, 3);
    expect(steady.signals).toEqual([]);
  });

  it('ranks the database above the api whose latency was felt', () => {
    const r = runAnalyzers(bundle(flows([{ ...MONGO_SLOW, f: (m) => (m >= ONSET ? 240 : 0) }, CHECKPOINT, ACCESS])), ANALYZERS, () => {});
    expect(r.failed).toEqual([]);
    const v = rank(r.findings, r.context);
    expect(v.best.service).toBe('orders-db');
    expect(v.best.summary).toContain('slow statements');
    // Its own timer says its statements slowed while its CPU stayed far from any limit: they wait on its disk or locks.
    expect(v.best.category).toBe('resource_exhaustion');
  });
});
