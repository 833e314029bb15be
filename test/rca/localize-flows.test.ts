// Localization from logs and request flows when the logs reach only a minute or two before the fault (TrainTicket's
// shape): the onset is not the logs' first line, error counts are compared with their own past (never with other
// services'), a template several services log is shared among them, and a flow break is not discounted for a callee's load.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { logSignals } from '../../src/rca/localize/log-scores.js';
import { flowSignals } from '../../src/rca/localize/flow-scores.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { handBundle, iso, minuteSeries, signature, span } from './helpers.js';

const BASE = Date.parse('2023-01-29T10:40:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
/** The logs begin at 11:05 (minute 25), the fault at 11:06 (minute 26), as in a capture that starts a minute early. */
const LOGS_FROM = 25;
const ONSET = 26;
const INCIDENT = 'booking site: latency up on the frontend: p90 0.73s (usually 0.47s) since about 11:06 UTC';
const SERVICES = ['ts-gateway-service', 'ts-order-service', 'ts-price-service', 'ts-user-service', 'ts-food-service'];

const stats = Array.from({ length: 30 - LOGS_FROM }, (_, k) => ({
  start: iso(BASE + (LOGS_FROM + k) * MIN),
  total: 200,
  by_level: { info: 190, error: 10 },
  by_service: Object.fromEntries(SERVICES.map((s) => [s, 40])),
}));

/** Every service's CPU, flat with a little wobble; `cpu` overrides a service's from the onset on. */
function cpu(over: Record<string, number> = {}) {
  return SERVICES.map((svc, i) =>
    minuteSeries('pod_cpu_usage_percent', { service: svc, pod: `${svc}-64469b5b48-25zj6` }, BASE, 30, (m) => (m >= ONSET && over[svc] !== undefined ? over[svc]! : 10 + i) * (1 + 0.04 * Math.sin(m * 1.7 + i))),
  );
}

/**
 * Requests through gateway -> order -> price -> order, counted per minute of their start. `after` sets a transition's
 * count from the onset on ("from>to" by step index; -1 is where a request's entries end).
 */
function flows(perMinute: number, after: Record<string, number>): RequestFlows {
  const minutes = Array.from({ length: 30 - LOGS_FROM }, (_, k) => BASE + (LOGS_FROM + k) * MIN);
  const steps = [
    { service: 'ts-gateway-service', step: 'g.f.RouteFilter#31 [route][POST /api/v1/orders]' },
    { service: 'ts-order-service', step: 'o.c.OrderController#46 [createNewOrder][Create Order]' },
    { service: 'ts-price-service', step: 'p.c.PriceController#46 [findByRouteIdAndTrainType][Query price]' },
    { service: 'ts-order-service', step: 'o.s.OrderServiceImpl#96 [create][Order Create Success]' },
  ];
  // [from, to, count per minute before the onset]: a request ends early only once something breaks.
  const edges: Array<[number, number, number]> = [[0, 1, perMinute], [1, 2, perMinute], [2, 3, perMinute], [3, -1, perMinute], [1, -1, 0], [2, -1, 0]];
  const transitions = edges.map(([from, to, usual]) => ({
    from,
    to,
    counts: minutes.map((m) => (m >= BASE + ONSET * MIN && after[`${from}>${to}`] !== undefined ? after[`${from}>${to}`]! : usual)),
  }));
  const calls = [
    { caller: 'ts-gateway-service', callee: 'ts-order-service', counts: minutes.map(() => perMinute) },
    { caller: 'ts-order-service', callee: 'ts-price-service', counts: minutes.map(() => perMinute) },
  ];
  return { minutes, steps, transitions, calls, services: [] };
}

function withFlows(b: EvidenceBundle, f: RequestFlows): EvidenceBundle {
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(f) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data: f };
  return b;
}

function ranked(b: EvidenceBundle) {
  const r = runAnalyzers(b, ANALYZERS, () => {});
  expect(r.failed).toEqual([]);
  const v = rank(r.findings, r.context);
  return { context: r.context, services: [v.best, ...v.others].map((h) => h.service), best: v.best };
}

describe('localization when the logs begin a minute before the fault', () => {
  // Errors the gateway logged all along: "new" only because the logs begin there.
  const chronic = signature({ template: 'route <*> answered status <*>', service: 'ts-gateway-service', base: BASE, minutes: span(LOGS_FROM, 30, 6) });

  it('takes the stated start, not the logs\' first line, as the onset, so the call that stopped is seen', () => {
    // The price service's step stops following the order service's from the onset on: requests no longer reach it.
    const b = withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [chronic], series: cpu() }), flows(20, { '1>2': 0, '2>3': 0, '1>-1': 20 }));
    const { context, services, best } = ranked(b);
    // Errors that only look new (they run from the logs' first minute on) neither move nor sharpen the onset.
    expect(context.onset).toBe(BASE + ONSET * MIN);
    expect(services[0]).toBe('ts-price-service');
    expect(best.summary).toContain('requests stopped reaching ts-price-service');
  });

  it('keeps a flow break in a service at its weight when a service it calls only shows CPU', () => {
    // The order service's success step no longer follows the price call, while the price service's CPU rises: requests
    // still reach the price service, so its load does not explain the order service's break.
    const b = withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [chronic], series: cpu({ 'ts-price-service': 60 }) }), flows(20, { '2>3': 0, '2>-1': 20 }));
    const { services } = ranked(b);
    expect(services.slice(0, 2)).toContain('ts-order-service');
    expect(services[0]).toBe('ts-order-service');
  });
  it('keeps a service\'s new errors at their weight when a service it calls only shows load', () => {
    // A callee's CPU explains its callers' slowness, not errors they start logging: those are the caller's own.
    const fresh = signature({ template: 'order <*> rejected: price rule missing', service: 'ts-order-service', base: BASE, minutes: span(ONSET, 30, 4) });
    const b = withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [chronic, fresh], series: cpu({ 'ts-price-service': 60 }) }), flows(20, {}));
    const { services } = ranked(b);
    expect(services[0]).toBe('ts-order-service');
    expect(services).toContain('ts-price-service');
  });
});

describe('log errors against their own past', () => {
  const known = new Set(SERVICES);
  const onset = BASE + ONSET * MIN;
  const signalsOf = (sigs: ReturnType<typeof signature>[]) =>
    logSignals(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: sigs }), onset, WINDOW.to, known).signals.filter((s) => s.kind === 'log_errors');

  it('does not rank the service with the most errors when its rate did not change', () => {
    const steady = signature({ template: 'food list is empty for trip <*>', service: 'ts-food-service', base: BASE, minutes: span(LOGS_FROM, 30, 12) });
    const fresh = signature({ template: 'contact <*> not found', service: 'ts-user-service', base: BASE, minutes: span(ONSET, 30, 4) });
    const s = signalsOf([steady, fresh]);
    expect(s.map((x) => x.service)).toEqual(['ts-user-service']);
    expect(s[0]!.what).toMatch(/16 error entries in ts-user-service after the onset against 0/);
  });

  it('sees a new template in a service whose steady errors would dilute it', () => {
    const steady = signature({ template: 'order <*> status wrong', service: 'ts-order-service', base: BASE, minutes: span(LOGS_FROM, 30, 10) });
    const fresh = signature({ template: 'price for route <*> is null', service: 'ts-order-service', base: BASE, minutes: span(ONSET, 30, 2) });
    // Summed, 48 after the onset against 40 expected is no rise; the new template alone is 8 against none.
    expect(signalsOf([steady]).length).toBe(0);
    expect(signalsOf([steady, fresh]).map((x) => x.service)).toEqual(['ts-order-service']);
  });

  it('shares a template several services log among them instead of giving it all to the first one named', () => {
    const shared = { ...signature({ template: 'Servlet.service() threw exception [<*>]', service: 'ts-gateway-service', base: BASE, minutes: span(ONSET, 30, 12) }) };
    shared.services = ['ts-gateway-service', 'ts-order-service', 'ts-user-service'];
    const s = signalsOf([shared]);
    expect(s.map((x) => x.service).sort()).toEqual(['ts-gateway-service', 'ts-order-service', 'ts-user-service']);
    expect(s[0]!.what).toMatch(/^16 error entries/);
  });

  it('reads nothing from logs that begin at the onset: there is no rate to compare with', () => {
    const fresh = signature({ template: 'contact <*> not found', service: 'ts-user-service', base: BASE, minutes: span(ONSET, 30, 4) });
    const late = stats.filter((b) => Date.parse(b.start) >= onset);
    const b = handBundle(INCIDENT, WINDOW, { logStats: late, signatures: [fresh] });
    expect(logSignals(b, onset, WINDOW.to, known).signals).toEqual([]);
  });
});

describe('request flows: failing requests and recoveries', () => {
  const onset = BASE + ONSET * MIN;
  const perMinute = (n: number) => Array.from({ length: 30 - LOGS_FROM }, () => n);

  it('ranks a service that fails nearly every request reaching it, though it failed as often before the onset', () => {
    // The user service's every request fails there first, before and after the onset (a fault older than the logs);
    // the food service fails a third of its requests, as always; their error rates do not change.
    const f = flows(20, {});
    f.services = [
      { service: 'ts-user-service', requests: perMinute(8), failed_first: perMinute(8) },
      { service: 'ts-food-service', requests: perMinute(12), failed_first: perMinute(4) },
      { service: 'ts-order-service', requests: perMinute(20), failed_first: perMinute(0) },
    ];
    const steadyUser = signature({ template: 'contact <*> not found', service: 'ts-user-service', base: BASE, minutes: span(LOGS_FROM, 30, 8) });
    const steadyFood = signature({ template: 'food list is empty for trip <*>', service: 'ts-food-service', base: BASE, minutes: span(LOGS_FROM, 30, 4) });
    const b = withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [steadyUser, steadyFood], series: cpu() }), f);
    const signals = flowSignals(b, onset).signals;
    expect(signals.map((s) => s.service)).toEqual(['ts-user-service']);
    expect(signals[0]!.what).toBe('24 of the 24 requests that reached ts-user-service after the onset failed first in it, 8 of 8 before it');
    const { services, best } = ranked(b);
    expect(services[0]).toBe('ts-user-service');
    expect(best.summary).toContain('failed first in it');
  });

  it('does not read requests that stopped taking an error path as a break: errors that stopped are a recovery', () => {
    // Before the onset the order service sometimes failed after the price call (an error step); after it, never.
    const f = flows(20, {});
    f.steps.push({ service: 'ts-order-service', step: 'Servlet.service() for servlet threw exception', failed: true });
    f.transitions.push({ from: 2, to: 4, counts: f.minutes.map((m) => (m < onset ? 6 : 0)) });
    f.transitions.push({ from: 4, to: -1, counts: f.minutes.map((m) => (m < onset ? 6 : 0)) });
    const b = withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [], series: cpu() }), f);
    expect(flowSignals(b, onset).signals.filter((s) => s.kind === 'flow_break')).toEqual([]);
    // The same transitions to a step logged at info level are a flow that changed course.
    delete f.steps[4]!.failed;
    expect(flowSignals(b, onset).signals.map((s) => s.service)).toEqual(['ts-order-service']);
  });
});

describe('statements that fell silent, when the logs carry no trace ids', () => {
  const minutes = Array.from({ length: 30 - LOGS_FROM }, (_, k) => BASE + (LOGS_FROM + k) * MIN);
  const onset = BASE + ONSET * MIN;
  /** Per statement: [service, its count per minute before the onset, after it]. */
  function withStatements(rows: Array<[string, number, number]>, traced = false): EvidenceBundle {
    const f = flows(20, {});
    const untraced: RequestFlows = { ...f, transitions: traced ? f.transitions : [], calls: traced ? f.calls : [] };
    untraced.statementMinutes = minutes;
    untraced.statements = rows.map(([service, before, after], i) => ({ service, step: `c.Impl#${i + 10} [step ${i}]`, counts: minutes.map((m) => (m >= onset ? after : before)) }));
    return withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats }), untraced);
  }
  const silenced = (b: EvidenceBundle) => flowSignals(b, onset).signals.filter((s) => s.family === 'log statements');

  it('blames the service whose statement stopped while the rest of the system kept logging', () => {
    const s = silenced(withStatements([['ts-price-service', 20, 0], ['ts-order-service', 30, 30], ['ts-user-service', 25, 25]]));
    expect(s.map((x) => x.service)).toEqual(['ts-price-service']);
    expect(s[0]!.kind).toBe('flow_break');
    expect(s[0]!.what).toMatch(/ts-price-service stopped logging "c\.Impl#10 \[step 0\]": 0 times after the onset against 40\.0 expected/);
  });

  it('reads a fall that every service shares (less load) as nothing', () => {
    expect(silenced(withStatements([['ts-price-service', 20, 5], ['ts-order-service', 30, 8], ['ts-user-service', 25, 6]]))).toEqual([]);
  });

  it('reads a service whose every statement fell alike as fewer requests reaching it, not a path inside it that stopped', () => {
    // The auth service's three statements all but stop (its callers stopped calling); the order service's path
    // changed inside it: one statement stopped while its other went on.
    const rows: Array<[string, number, number]> = [
      ['ts-auth-service', 10, 1], ['ts-auth-service', 10, 1], ['ts-auth-service', 10, 1],
      ['ts-order-service', 20, 0], ['ts-order-service', 30, 30], ['ts-user-service', 40, 40],
    ];
    expect(silenced(withStatements(rows)).map((x) => x.service)).toEqual(['ts-order-service']);
  });

  it('leaves silence to the request flows when the logs carry trace ids', () => {
    expect(silenced(withStatements([['ts-price-service', 20, 0], ['ts-order-service', 30, 30]], true))).toEqual([]);
  });
});

describe('a step followed by itself (a logger without line numbers prints two statements alike)', () => {
  const onset = BASE + ONSET * MIN;
  const minutes = Array.from({ length: 30 - LOGS_FROM }, (_, k) => BASE + (LOGS_FROM + k) * MIN);
  /** gateway -> order's step, logged twice per request before the onset, `again` times per minute after it. */
  function repeated(again: number, visits = 20): RequestFlows {
    const steps = [
      { service: 'ts-gateway-service', step: 'g.f.RouteFilter [route][POST /api/v1/orders]' },
      { service: 'ts-order-service', step: 'o.s.OrderServiceImpl [create][calculate <*> time: <*>]' },
    ];
    const per = (before: number, after: number) => minutes.map((m) => (m >= onset ? after : before));
    const transitions = [
      { from: 0, to: 1, counts: per(20, visits) },
      { from: 1, to: 1, counts: per(20, again) },
      { from: 1, to: -1, counts: per(20, visits) },
    ];
    return { minutes, steps, transitions, calls: [{ caller: 'ts-gateway-service', callee: 'ts-order-service', counts: per(20, visits) }], services: [] };
  }
  const breaks = (f: RequestFlows) => flowSignals(withFlows(handBundle(INCIDENT, WINDOW, { logStats: stats, signatures: [], series: cpu() }), f), onset).signals.filter((s) => s.kind === 'flow_break');

  it('reads the second statement falling silent as the service changing course, against its visits', () => {
    const s = breaks(repeated(0));
    expect(s.map((x) => x.service)).toEqual(['ts-order-service']);
    expect(s[0]!.what).toContain('followed "o.s.OrderServiceImpl [create][calculate <*> time: <*>]" 0 times after the onset against 40.0 expected');
  });

  it('reads a repeat that only thinned out, or fewer visits that still repeat, as nothing', () => {
    expect(breaks(repeated(12))).toEqual([]);
    expect(breaks(repeated(8, 8))).toEqual([]);
  });
});
