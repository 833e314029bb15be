// Errors naming another service are that service's evidence only as far as they rose against the naming service's
// own traffic: a message logged once in ten requests all along is no news of the service it names.
import { describe, expect, it } from 'vitest';
import { logSignals } from '../../src/rca/localize/log-scores.js';
import { handBundle, iso, signature, span } from './helpers.js';

const BASE = Date.parse('2023-03-17T16:10:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
/** The capture begins late in minute 25 (a handful of entries), the fault at minute 26. */
const ONSET = BASE + 26 * MIN;
const INCIDENT = 'hotel site: latency up on the frontend since about 16:36 UTC';
const KNOWN = new Set(['frontend', 'recommendation', 'rate', 'search', 'geo']);

/** Entries per minute of every level: `thin` entries for `svc` in the first minute, 50 a minute after. */
function stats(thin: Record<string, number>) {
  return Array.from({ length: 5 }, (_, k) => ({
    start: iso(BASE + (25 + k) * MIN),
    total: 200,
    by_level: { info: 190, error: 10 },
    by_service: Object.fromEntries([...KNOWN].map((s) => [s, k === 0 ? (thin[s] ?? 50) : 50])),
  }));
}

function named(service: string, entriesBefore: number) {
  const sig = signature({ template: 'GetRecommendations: hotel <*> skipped, rate has no plan', service, base: BASE, minutes: span(26, 30, 5) });
  const b = handBundle(INCIDENT, WINDOW, { logStats: stats({ [service]: entriesBefore }), signatures: [sig] });
  return logSignals(b, ONSET, WINDOW.to, KNOWN).signals.filter((s) => s.kind === 'named_by_errors');
}

describe('errors naming another service, against the namer\'s traffic', () => {
  it('gives no credit when the baseline was too thin to have shown a message logged once in ten entries', () => {
    // 8 entries before the onset, none of them this error; after it 5 of every 50: as often as before, as far as anyone can tell.
    expect(named('recommendation', 8)).toEqual([]);
  });

  it('credits the named service when the namer had plenty of traffic and none of these errors before', () => {
    const s = named('recommendation', 50);
    expect(s.map((x) => x.service)).toEqual(['rate']);
    expect(s[0]!.z).toBeGreaterThan(3);
  });
});
