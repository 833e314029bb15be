// request_flows' own requests on logs without trace ids: each log's entries of a service cut into bursts at pauses
// long against its own typical gap, per minute how many began and how many held an error entry.
import { describe, expect, it } from 'vitest';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { OwnRequestLog } from '../../../servers/logs/own-requests.js';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2023-01-29T09:08:00Z');
const line = (t: string, level: string, code: string, msg: string, trace = '') =>
  `2023-01-29T${t}Z ${level} [ts-contacts-service] c.s.ContactsServiceImpl#${code} ${trace ? `TraceID: ${trace} SpanID: 37ac753b1fd26d49 ` : ''}${msg}`;

/** Three requests a minute from 09:00 to 09:05, each four lines 1 ms apart; from 09:03 on each ends in an error. */
function contactsLog(traced: boolean): string {
  const out: string[] = [];
  for (let m = 0; m < 6; m++) {
    for (const s of [10, 30, 50]) {
      const trace = traced ? `${m}${s}`.padEnd(32, 'c') : '';
      out.push(line(`09:0${m}:${s}.100`, 'INFO', '83', '[ContactsService][Contacts Id Print][id: 415d1665]', trace));
      out.push(line(`09:0${m}:${s}.101`, 'INFO', '84', '[ContactsService][VerifyLogin Success]', trace));
      out.push(line(`09:0${m}:${s}.102`, 'INFO', '31', 'FIND CONTACTS BY ID: 415d1665', trace));
      out.push(m < 3 ? line(`09:0${m}:${s}.103`, 'INFO', '35', '[findContactsById][found]', trace) : line(`09:0${m}:${s}.103`, 'ERROR', '37', '[findContactsById][No contacts according to contactsId]', trace));
    }
  }
  return out.join('\n') + '\n';
}

describe('request_flows: own requests without trace ids', () => {
  it('counts each service\'s bursts per minute and those that held an error entry', async () => {
    const { call } = await connect({ sources: [tempDir({ 'ts-contacts-service.log': contactsLog(false) })], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T08:40:00Z', until: '2023-01-29T09:08:00Z' })).json<FlowsOut>();
    expect(out.own_requests).toEqual([{ service: 'ts-contacts-service', requests: [3, 3, 3, 3, 3, 3], failed: [0, 0, 0, 3, 3, 3] }]);
  });

  it('sends no bursts where the entries carry trace ids: the requests themselves say more', async () => {
    const { call } = await connect({ sources: [tempDir({ 'ts-contacts-service.log': contactsLog(true) })], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T08:40:00Z', until: '2023-01-29T09:08:00Z' })).json<FlowsOut>();
    expect(out.own_requests).toBeUndefined();
  });

  it('cuts at a pause long against the writer\'s own gaps, not at a fixed time, and per log and service', () => {
    const log = new OwnRequestLog();
    const t = Date.parse('2023-01-29T09:00:00Z');
    // Requests of three lines 40 ms apart, two seconds between requests: 40 ms is the typical gap, two seconds a pause.
    for (const start of [0, 2000, 4000]) for (const k of [0, 40, 80]) log.add(t + start + k, 'a.log', 'svc-a', start === 2000 && k === 80);
    // A second writer of the same service in another log: its entries never join svc-a's bursts in a.log.
    log.add(t + 1, 'b.log', 'svc-a', true);
    log.add(t + 5, 'a.log', null, true);
    expect(log.result([t])).toEqual([{ service: 'svc-a', requests: [4], failed: [2] }]);
  });

  it('reads entries a clock tick apart as one burst where most gaps are below the clock\'s resolution', () => {
    const log = new OwnRequestLog();
    const t = Date.parse('2023-01-29T09:00:00Z');
    // Four lines per request at 0, 0, 1 and 1 ms (sub-millisecond writes): a median gap of 0 must not cut at every tick.
    for (const start of [0, 5000, 9000]) for (const k of [0, 0, 1, 1]) log.add(t + start + k, 'a.log', 'svc-a', k === 1);
    expect(log.result([t])).toEqual([{ service: 'svc-a', requests: [3], failed: [3] }]);
  });

  it('counts a failing burst as its own only where no other service logged an error during it (its failure passed on)', () => {
    const log = new OwnRequestLog();
    const t = Date.parse('2023-01-29T09:00:00Z');
    // svc-caller's requests: 10 ms of lines, each ending in an error; svc-callee errs inside the first one only.
    for (const start of [0, 3000, 6000]) for (const k of [0, 5, 10]) log.add(t + start + k, 'caller.log', 'svc-caller', k === 10);
    log.add(t + 7, 'callee.log', 'svc-callee', true);
    expect(log.result([t])).toEqual([
      { service: 'svc-callee', requests: [1], failed: [1] },
      { service: 'svc-caller', requests: [3], failed: [2] },
    ]);
  });
});
