// Localization from each service's own log order when the logs carry no trace ids (request_flows' sequences): a
// statement's usual next statement that stopped following it names that service; interleaving and load do not.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { ownSequenceBreaks } from '../../src/rca/localize/own-sequence-breaks.js';
import { handBundle } from './helpers.js';

const BASE = Date.parse('2023-01-29T10:00:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 8 * MIN };
const ONSET = BASE + 4 * MIN;
const INCIDENT = 'booking site: users report failing requests since about 10:04 UTC';
const minutes = Array.from({ length: 8 }, (_, k) => BASE + k * MIN);
/** `before` per minute until the onset's minute, `after` from the minute after it (the onset's own minute as before). */
const per = (before: number, after: number) => minutes.map((m) => (m > ONSET ? after : before));

const steps = [
  { service: 'ts-travel-service', step: 't.s.TravelServiceImpl#451 [getTickets][Calculate distance][calculate <*>]' },
  { service: 'ts-travel-service', step: 't.s.TravelServiceImpl#457 [getTickets][Calculate distance][calculate <*>]' },
  { service: 'ts-travel-service', step: 't.s.TravelServiceImpl#548 [getRestTicketNumber][Seat request][request: <*>]' },
  { service: 'ts-travel-service', step: 't.c.TravelController#122 [query][Query TripResponse]' },
];

function bundleWith(transitions: RequestFlows['transitions'], traced: RequestFlows['transitions'] = []): EvidenceBundle {
  const b = handBundle(INCIDENT, WINDOW, {});
  const data: RequestFlows = { minutes, steps, transitions: traced, calls: [], services: [], statementMinutes: minutes, statements: [], sequences: { steps, transitions } };
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(data) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data };
  return b;
}
const breaks = (b: EvidenceBundle) => ownSequenceBreaks(b, ONSET).signals;

describe('own sequences: a service\'s next statement that stopped following', () => {
  it('names the service whose usual next statement vanished while the statement before it went on elsewhere', () => {
    // #451 was followed by #457 twenty times a minute; from the onset on, by #548 instead.
    const s = breaks(bundleWith([{ from: 0, to: 1, counts: per(20, 0) }, { from: 0, to: 2, counts: per(0, 20) }, { from: 1, to: 3, counts: per(20, 0) }, { from: 2, to: 3, counts: per(0, 20) }]));
    expect(s.map((x) => x.service)).toEqual(['ts-travel-service']);
    expect(s[0]!.what).toContain('ts-travel-service\'s own entries changed course: "t.s.TravelServiceImpl#457');
    expect(s[0]!.family).toBe('log statements');
  });

  it('reads nothing into a pair that was not the usual next statement (other requests interleaved)', () => {
    // #451 went to #457 only 6 times in 20 (the rest to the controller of the next request), then never.
    const s = breaks(bundleWith([{ from: 0, to: 1, counts: per(6, 0) }, { from: 0, to: 3, counts: per(14, 20) }, { from: 1, to: 3, counts: per(6, 0) }]));
    expect(s).toEqual([]);
  });

  it('reads nothing when the statement was reached less and nothing took up its path (fewer requests)', () => {
    const s = breaks(bundleWith([{ from: 0, to: 1, counts: per(20, 1) }, { from: 0, to: 2, counts: per(4, 4) }, { from: 1, to: 3, counts: per(20, 1) }]));
    expect(s).toEqual([]);
  });

  it('leaves the logs to the traced flows when their entries carry trace ids', () => {
    const own = [{ from: 0, to: 1, counts: per(20, 0) }, { from: 0, to: 2, counts: per(0, 20) }];
    expect(breaks(bundleWith(own, [{ from: 0, to: 1, counts: per(20, 20) }]))).toEqual([]);
  });
});
