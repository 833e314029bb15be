// request_flows through a real SDK client on TrainTicket-shaped logs (fixtures/log-shapes/traced): requests followed
// by their trace ids across services, steps keeping the code location, the call graph, and the call that stopped.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callEdges, type FlowsOut } from '../../../servers/logs/flows.js';
import { stepKey, stepOf } from '../../../servers/logs/flow-steps.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const DIR = path.join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced');
const AT = Date.parse('2023-01-29T11:08:00Z');
const ONSET_MINUTE = '2023-01-29T11:04:00.000Z';

describe('request_flows', () => {
  it('follows each request across the services by its trace id and counts its step-to-step transitions per minute', async () => {
    const { call } = await connect({ sources: [DIR], at: AT });
    const r = await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    expect(out.requests).toBe(106);
    expect(out.minutes[0]).toBe('2023-01-29T11:00:00.000Z');
    // Steps keep the logger#line that names the statement; ids and values are gone.
    const price = out.steps.findIndex((s) => s.service === 'ts-price-service' && s.step.startsWith('p.c.PriceController#46 [findByRouteIdAndTrainType]'));
    const order = out.steps.findIndex((s) => s.service === 'ts-order-service' && s.step.startsWith('o.c.OrderController#46'));
    expect(price).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(out)).not.toMatch(/TraceID|[0-9a-f]{32}/);
    // The order service reached the price service every minute before 11:04 and never after it.
    const call_ = out.transitions.find((t) => t.from === order && t.to === price)!;
    const onset = out.minutes.indexOf(ONSET_MINUTE);
    expect(call_.counts.slice(0, onset).every((n) => n > 0)).toBe(true);
    expect(call_.counts.slice(onset + 1).every((n) => n === 0)).toBe(true);
    // A request's last entry ends its flow (to = -1).
    expect(out.transitions.some((t) => t.to === -1)).toBe(true);
    // The call graph: the gateway calls users and orders, orders call prices; the user service calls nothing.
    const edges = out.calls.map((c) => `${c.caller}>${c.callee}`).sort();
    expect(edges).toEqual(['ts-gateway-service>ts-order-service', 'ts-gateway-service>ts-user-service', 'ts-order-service>ts-price-service']);
  });

  it('keeps one step per code location when the words after it carry values no mask knows', async () => {
    // fixtures/log-shapes/traced-mix: the train service logs `[TrainTypeName: DongCheOne]`, from 11:04 `GaoTieOne`.
    const { call } = await connect({ sources: [path.join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced-mix')], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z', max_output_bytes: 1024 * 1024 })).json<FlowsOut>();
    const train = out.steps.filter((s) => s.service === 'ts-train-service');
    expect(train).toHaveLength(1);
    expect(train[0]!.step).toBe('t.c.TrainController#60 [retrieveByName][Retrieve train][TrainTypeName: DongCheOne]');
    // The basic service's call to it never stops: the same transition before and after the change of train type.
    const i = out.steps.indexOf(train[0]!);
    const into = out.transitions.filter((t) => t.to === i);
    expect(into).toHaveLength(1);
    expect(into[0]!.counts.every((n) => n > 0)).toBe(true);
  });

  it('names a JSON record\'s step by the logger and line fields, as the text formats print Class#line', async () => {
    const rec = (t: string, line: number, trace: string) =>
      JSON.stringify({ ts: `2023-01-29T11:00:0${t}Z`, level: 'info', logger: 't.s.TravelServiceImpl', line, msg: '[getTickets][Calculate distance][calculate 12]', trace_id: trace, span_id: 'a1b2c3d4e5f60718' });
    const trace = '6513270e269e0d37f2a74de452e6b438';
    const dir = tempDir({ 'travel.log': [rec('1', 451, trace), rec('2', 457, trace)].join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' })).json<FlowsOut>();
    // Same words, two statements: two steps, each keyed by its code location.
    expect(out.steps.map((s) => s.step).sort()).toEqual(['t.s.TravelServiceImpl#451 [getTickets][Calculate distance][calculate <*>]', 't.s.TravelServiceImpl#457 [getTickets][Calculate distance][calculate <*>]']);
  });

  it('answers with nothing to compare when no entry carries a trace id', async () => {
    const dir = tempDir({ 'app.log': '2023-01-29T11:00:01Z INFO [api] started\n2023-01-29T11:00:02Z ERROR [api] request failed\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:00:00Z' })).json<FlowsOut>();
    expect(out).toMatchObject({ requests: 0, transitions: [], calls: [] });
  });

  it('returns every transition when the caller raises max_output_bytes (a cut answer loses the rare transitions first)', async () => {
    // 120 requests, each through its own pair of code locations: 240 distinct transitions, far past the default 16 KB.
    const lines: string[] = [];
    for (let i = 0; i < 120; i++) {
      const trace = (0x10000000 + i).toString(16).padStart(32, 'a');
      const t = `2023-01-29T11:01:${String(i % 60).padStart(2, '0')}.000000Z`;
      lines.push(`${t} INFO [ts-order-service] o.c.OrderController#${100 + i} TraceID: ${trace} SpanID: 0c5c7fd0a6a3a450 [create][Create order][step ${i}]`);
      lines.push(`${t} INFO [ts-price-service] p.c.PriceController#${300 + i} TraceID: ${trace} SpanID: 1818e811892f902b [query][Query price][step ${i}]`);
    }
    const dir = tempDir({ 'app.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const cut = (await call('request_flows', { since: '2023-01-29T11:00:00Z' })).json<FlowsOut & { truncated?: string }>();
    expect(cut.truncated).toMatch(/output cut/);
    expect(cut.steps.length + cut.transitions.length).toBeLessThan(480);
    const whole = (await call('request_flows', { since: '2023-01-29T11:00:00Z', max_output_bytes: 1024 * 1024 })).json<FlowsOut & { truncated?: string }>();
    expect(whole.truncated).toBeUndefined();
    expect(whole.transitions).toHaveLength(240);
    expect(whole.steps).toHaveLength(240);
  });

  it('rejects a max_transitions that is not a positive whole number', async () => {
    const { call } = await connect({ sources: [DIR], at: AT });
    const r = await call('request_flows', { max_transitions: 0 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/max_transitions/);
  });
});

describe('the pieces of a flow', () => {
  it('reduces an entry to its service step without ids, keeping code locations and masking values', () => {
    expect(stepOf('p.c.PriceController#46 TraceID: 0a1b2c3d4e5f60718293a4b5c6d7e8f9 SpanID: 0a1b2c3d4e5f6071 [query][Query price][RouteId: 92708982-77af-4318-be25-57ccb0ff69ad]'))
      .toBe('p.c.PriceController#46 [query][Query price][RouteId: <*>]');
    expect(stepOf('handler.py:120 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 charge failed amount=12')).toBe('handler.py:120 charge failed amount=<*>');
  });

  it('tells steps apart by their code location when they have one, else by their words', () => {
    expect(stepKey('t.c.TrainController#60 [retrieveByName][Retrieve train][TrainTypeName: GaoTieOne]')).toBe('t.c.TrainController#60');
    expect(stepKey('handler.py:120 charge failed amount=<*>')).toBe('handler.py:120');
    expect(stepKey('charge failed amount=<*>')).toBe('charge failed amount=<*>');
    // A host and port is no statement: its messages stay apart.
    expect(stepKey('redis:6379 connection refused')).toBe('redis:6379 connection refused');
  });

  it('takes a service\'s caller from the service still active when it first logs, not from the one that logged last', () => {
    const ev = [[0, 'gw'], [4, 'users'], [9, 'orders'], [15, 'prices'], [22, 'orders'], [30, 'gw']] as const;
    expect(callEdges(ev)).toEqual([['gw', 'users'], ['gw', 'orders'], ['orders', 'prices']]);
  });

  it('keeps two calls to one service apart by their span ids, and draws no edge between siblings that nothing encloses', () => {
    // travel calls seat twice; each seat span calls orders, then config. Taken as one, orders would enclose config.
    const ev = [
      [0, 'travel', 't1'], [2, 'seat', 's1'], [3, 'orders', 'o1'], [4, 'orders', 'o1'], [5, 'config', 'c1'], [6, 'seat', 's1'],
      [7, 'seat', 's2'], [8, 'orders', 'o2'], [9, 'orders', 'o2'], [10, 'config', 'c2'], [11, 'seat', 's2'], [12, 'travel', 't1'],
    ] as const;
    expect(callEdges(ev)).toEqual([['travel', 'seat'], ['seat', 'orders'], ['seat', 'config']]);
    // A caller that does not log (a gateway) calls orders, then travel: orders does not enclose travel, so no edge.
    expect(callEdges([[0, 'orders', 'a'], [1, 'orders', 'a'], [2, 'travel', 'b'], [3, 'travel', 'b']])).toEqual([]);
  });
});

describe('request_flows on TrainTicket-shaped lines (TraceID and SpanID in the text)', () => {
  it('reads SpanID from the message and gives each service its real caller on TrainTicket-shaped lines', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) {
      const trace = (0x5a000000 + i).toString(16).padStart(32, '7');
      const span = (n: number) => (0x1000 * i + n).toString(16).padStart(16, 'c');
      const at = (ms: number) => `2023-01-29T10:21:${String(10 + i).padStart(2, '0')}.${String(ms).padStart(3, '0')}000Z`;
      const line = (ms: number, svc: string, sp: number, text: string) => `${at(ms)} INFO [${svc}] ${text.split(' ')[0]} TraceID: ${trace} SpanID: ${span(sp)} ${text.split(' ').slice(1).join(' ')}`;
      lines.push(line(0, 'ts-travel-service', 1, 't.s.TravelServiceImpl#548 [getRestTicketNumber][Seat request]'));
      for (const [k, base] of [[2, 100], [5, 300]] as const) {
        lines.push(line(base + 1, 'ts-seat-service', k, 's.c.SeatController#57 [getLeftTicketOfInterval][Get left ticket of interval]'));
        lines.push(line(base + 4, 'ts-order-service', k + 1, 'o.c.OrderController#39 [getSoldTickets][Get Sold Ticket]'));
        lines.push(line(base + 6, 'ts-order-service', k + 1, 'o.s.OrderServiceImpl#68 [getSoldTickets][Seat][Left ticket info is empty]'));
        lines.push(line(base + 9, 'ts-config-service', k + 2, 'c.c.ConfigController#67 [retrieve][Retrieve config]'));
        lines.push(line(base + 12, 'ts-seat-service', k, 's.s.SeatServiceImpl#217 [getDirectProportion][Configs is]'));
      }
      lines.push(line(500, 'ts-travel-service', 1, 't.s.TravelServiceImpl#558 [getRestTicketNumber][Get Rest tickets num]'));
    }
    const dir = tempDir({ 'all.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:00:00Z', until: '2023-01-29T10:30:00Z' })).json<FlowsOut>();
    expect(out.requests).toBe(6);
    const edges = out.calls.map((c) => `${c.caller}>${c.callee}:${c.counts.reduce((a, b) => a + b, 0)}`).sort();
    expect(edges).toEqual(['ts-seat-service>ts-config-service:6', 'ts-seat-service>ts-order-service:6', 'ts-travel-service>ts-seat-service:6']);
  });

  it('counts per service the requests it took part in and those whose first error entry was its own', async () => {
    // Each request: gateway -> users, which fails (ERROR); the gateway logs its own ERROR about it afterwards.
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) {
      const trace = (0x6b000000 + i).toString(16).padStart(32, '3');
      const at = (ms: number) => `2023-01-29T10:31:${String(10 + i).padStart(2, '0')}.${String(ms).padStart(3, '0')}000Z`;
      lines.push(`${at(0)} INFO [ts-gateway-service] g.f.RouteFilter#31 TraceID: ${trace} SpanID: ${'1'.repeat(15)}${i} [route][GET /api/v1/contacts]`);
      lines.push(`${at(5)} ERROR [ts-contacts-service] c.s.ContactsServiceImpl#37 TraceID: ${trace} SpanID: ${'2'.repeat(15)}${i} [findContactsById][No contacts according to contactsId]`);
      lines.push(`${at(9)} ERROR [ts-gateway-service] g.f.RouteFilter#58 TraceID: ${trace} SpanID: ${'1'.repeat(15)}${i} [route][status 500]`);
    }
    const dir = tempDir({ 'all.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:00:00Z', until: '2023-01-29T10:40:00Z' })).json<FlowsOut>();
    expect(out.services).toEqual([
      { service: 'ts-contacts-service', requests: [6], failed_first: [6] },
      { service: 'ts-gateway-service', requests: [6], failed_first: [0] },
    ]);
    expect(out.steps.filter((s) => s.failed).map((s) => s.service).sort()).toEqual(['ts-contacts-service', 'ts-gateway-service']);
  });

  it('counts every statement per minute, traced or not, so a path that fell silent shows without trace ids', async () => {
    // The traced fixture with its trace and span ids taken out: no request can be followed any more.
    const files = Object.fromEntries(
      readdirSync(DIR)
        .filter((f) => f.endsWith('.log'))
        .map((f) => [f, readFileSync(path.join(DIR, f), 'utf8').replace(/ TraceID: [0-9a-f]+ SpanID: [0-9a-f]+/g, '')]),
    );
    const { call } = await connect({ sources: [tempDir(files)], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z', max_output_bytes: 1024 * 1024 })).json<FlowsOut>();
    expect(out.transitions).toEqual([]);
    expect(out.entries_with_trace).toBe(0);
    // Every minute from the first entry's to the last one's, zeros included.
    expect(out.statement_minutes[0]).toBe('2023-01-29T11:00:00.000Z');
    expect(out.statement_minutes.every((m, i) => i === 0 || Date.parse(m) - Date.parse(out.statement_minutes[i - 1]!) === 60_000)).toBe(true);
    const price = out.statements.filter((s) => s.service === 'ts-price-service');
    expect(price).toHaveLength(1);
    expect(price[0]!.step).toMatch(/^p\.c\.PriceController#46 \[findByRouteIdAndTrainType\]/);
    const onset = out.statement_minutes.indexOf(ONSET_MINUTE);
    expect(price[0]!.counts.slice(0, onset).every((n) => n > 0)).toBe(true);
    expect(price[0]!.counts.slice(onset + 1).every((n) => n === 0)).toBe(true);
    // Error statements are marked, as steps are; all counts align with the minutes.
    expect(out.statements.some((s) => s.service === 'ts-gateway-service' && s.failed)).toBe(true);
    expect(out.statements.every((s) => s.counts.length === out.statement_minutes.length)).toBe(true);
  });
});
