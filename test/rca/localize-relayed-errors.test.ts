// A caller relaying a callee's gRPC error (`rpc error: code = Unknown desc = <callee's message>`) points at the callee:
// its entries count as naming the service that says the message itself, not as the caller's own failure.
import { describe, expect, it } from 'vitest';
import { logSignals } from '../../src/rca/localize/log-scores.js';
import { relayedOwners } from '../../src/rca/localize/relayed-errors.js';
import { handBundle, iso, signature, span } from './helpers.js';

const BASE = Date.parse('2023-03-17T16:10:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const ONSET = BASE + 26 * MIN;
const KNOWN = new Set(['frontend', 'search', 'reservation', 'profile']);
const stats = Array.from({ length: 10 }, (_, k) => ({
  start: iso(BASE + (20 + k) * MIN),
  total: 200,
  by_level: { info: 190, error: 10 },
  by_service: Object.fromEntries([...KNOWN].map((s) => [s, 50])),
}));

const callee = signature({ template: '<*> > CheckAvailability: capacity of hotel <*>: strconv.Atoi: parsing "": invalid syntax', service: 'reservation', base: BASE, minutes: span(26, 30, 20) });
const caller = signature({
  template: '<*> > GET /hotels -> 500 <*>: SearchHandler CheckAvailability failed: rpc error: code = Unknown desc = CheckAvailability: capacity of hotel <*>: strconv.Atoi: parsing "": invalid syntax',
  service: 'frontend',
  base: BASE,
  minutes: span(26, 30, 21),
});

describe('errors a caller relays from its callee', () => {
  it('reads the relayed message as naming the service that says it itself', () => {
    expect([...relayedOwners([callee, caller], (s) => s.services)]).toEqual([[caller, 'reservation']]);
    // A generic transport status two callers both relay has no single origin.
    const a = signature({ template: 'rpc error: code = Unavailable desc = connection error: dial tcp <*>: i/o timeout', service: 'frontend', base: BASE, minutes: span(26, 30) });
    const b = signature({ template: 'rpc error: code = Unavailable desc = connection error: dial tcp <*>: i/o timeout', service: 'search', base: BASE, minutes: span(26, 30) });
    expect(relayedOwners([a, b], (s) => s.services).size).toBe(0);
  });

  it('ranks the callee above the caller that relays its errors', () => {
    const b = handBundle('hotel site: 500s on the frontend since 16:36 UTC', WINDOW, { logStats: stats, signatures: [callee, caller] });
    const signals = logSignals(b, ONSET, WINDOW.to, KNOWN).signals;
    const own = (svc: string) => signals.filter((s) => s.service === svc).reduce((a, s) => a + s.z, 0);
    expect(signals.some((s) => s.service === 'reservation' && s.kind === 'relayed_errors')).toBe(true);
    expect(own('reservation')).toBeGreaterThan(own('frontend'));
  });
});
