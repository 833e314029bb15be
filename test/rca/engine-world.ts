// The frame of the built incidents the engine runs end to end (fault-kinds, change-rules): a two-hour window that
// ends at AT with the onset at minute 80, background noise any real log has, and a run over a canned world.
import type { InvestigationEvent } from '../../src/core/events.js';
import { investigateOffline } from '../../src/rca/engine.js';
import { iso, signature, span, worldCaller, type World } from './helpers.js';

export const BASE = Date.parse('2025-06-01T10:00:00Z');
export const AT = iso(BASE + 120 * 60_000);
export const MIN = 60_000;
export const ONSET = 80; // minutes after BASE

export const noise = [
  signature({ template: 'failed to deliver webhook to <*>: mailbox quota (will retry)', service: 'notifier', base: BASE, minutes: span(0, 120).filter(([m]) => m % 7 === 0) }),
  signature({ template: 'slow query on <*> took <*>', service: 'catalog', base: BASE, minutes: span(0, 120).filter(([m]) => m % 5 === 0), level: 'warn' }),
];

/** investigateOffline over the world at AT, with the events it emitted. */
export async function run(w: World) {
  const events: InvestigationEvent[] = [];
  const report = await investigateOffline({ incident: 'things are failing', at: AT, window: '2h', caller: worldCaller(w), events: (e) => events.push(e) });
  return { report, events };
}
