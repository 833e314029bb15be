// request_flows' own sequences on logs without trace ids (TrainTicket's lines with their ids taken out): each log's
// entries of a service step to next step per minute, only where no entry is traced, a statement's repeat left out.
import { describe, expect, it } from 'vitest';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { OwnSequenceLog } from '../../../servers/logs/own-sequences.js';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2023-01-29T11:08:00Z');
const line = (t: string, code: string, msg: string, trace = '') => `2023-01-29T${t}Z INFO [ts-travel-service] t.s.TravelServiceImpl#${code} ${trace ? `TraceID: ${trace} SpanID: 37ac753b1fd26d49 ` : ''}${msg}`;

/** Two requests a minute from 11:00 to 11:05: #451 then #457 before 11:03, #451 then #548 from 11:03 on. */
function travelLog(traced: boolean): string {
  const out: string[] = [];
  for (let m = 0; m < 6; m++) {
    for (const s of [10, 40]) {
      const trace = traced ? `${m}${s}`.padEnd(32, 'a') : '';
      out.push(line(`11:0${m}:${s}.100`, '451', '[getTickets][Calculate distance][calculate time: 0]', trace));
      out.push(line(`11:0${m}:${s}.200`, m < 3 ? '457' : '548', m < 3 ? '[getTickets][Calculate distance][calculate time: 16]' : '[getRestTicketNumber][Seat request][request: x]', trace));
    }
  }
  return out.join('\n') + '\n';
}

describe('request_flows: own sequences without trace ids', () => {
  it('counts each service\'s next statement in its log per minute, so the path that changed at 11:03 shows', async () => {
    const { call } = await connect({ sources: [tempDir({ 'ts-travel-service.log': travelLog(false) })], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' })).json<FlowsOut>();
    expect(out.requests).toBe(0);
    const seq = out.sequences!;
    const step = (code: string) => seq.steps.findIndex((s) => s.step.startsWith(`t.s.TravelServiceImpl#${code} `));
    const pair = (a: string, b: string) => seq.transitions.find((t) => t.from === step(a) && t.to === step(b))?.counts;
    expect(out.statement_minutes).toHaveLength(6);
    expect(pair('451', '457')).toEqual([2, 2, 2, 0, 0, 0]);
    expect(pair('451', '548')).toEqual([0, 0, 0, 2, 2, 2]);
    // The next request's first statement follows the last one's: the log's order, counted as it is.
    expect(pair('457', '451')).toEqual([2, 2, 2, 0, 0, 0]);
  });

  it('sends no sequences where the entries carry trace ids: the requests themselves say more', async () => {
    const { call } = await connect({ sources: [tempDir({ 'ts-travel-service.log': travelLog(true) })], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' })).json<FlowsOut>();
    expect(out.requests).toBe(12);
    expect(out.sequences).toBeUndefined();
  });

  it('pairs entries only within one log and one service, and leaves a statement right after itself out', () => {
    const log = new OwnSequenceLog();
    const t = Date.parse('2023-01-29T11:00:00Z');
    log.add(t, 'a.log', 'svc-a', 'A#1', 'A#1 start', false);
    log.add(t + 1, 'b.log', 'svc-a', 'A#2', 'A#2 done', false);
    log.add(t + 2, 'a.log', 'svc-a', 'A#1', 'A#1 start', false);
    log.add(t + 3, 'a.log', 'svc-b', 'B#1', 'B#1 other', false);
    log.add(t + 4, 'a.log', 'svc-a', 'A#2', 'A#2 done', true);
    const r = log.result([t], 10);
    expect(r.transitions.map((x) => `${r.steps[x.from]!.step} > ${r.steps[x.to]!.step} ${x.counts.join(',')}`)).toEqual(['A#1 start > A#2 done 1']);
    expect(r.steps.find((s) => s.step === 'A#2 done')!.failed).toBe(true);
  });
});

describe('request_flows: own sequences leave lines that only have words out', () => {
  it('pairs no access-log lines: each stands for a whole request, its next line is the request mix', async () => {
    const access = Array.from({ length: 40 }, (_, i) => `2023-01-29T11:0${Math.floor(i / 10)}:${String(10 + i).slice(-2)}.000Z GET /${i % 2 ? 'login' : 'category.html'} 200 ${5 + i} ms - 2`);
    const { call } = await connect({ sources: [tempDir({ 'front-end.log': access.join('\n') + '\n', 'ts-travel-service.log': travelLog(false) })], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:40:00Z', until: '2023-01-29T11:08:00Z' })).json<FlowsOut>();
    expect(out.sequences!.steps.map((s) => s.service)).not.toContain('front-end');
    expect(out.sequences!.steps.some((s) => s.service === 'ts-travel-service')).toBe(true);
  });
});
