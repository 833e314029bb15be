// The watch queue in the store: dedup by alert key and group, grouping a burst per service, closing on
// resolve, atomic claims, and a restart that resumes interrupted incidents.
import { describe, expect, it } from 'vitest';
import {
  claimNextIncident, finishIncident, getWatchIncident, openStore, recordAlert, requeueInterrupted, watchQueueCounts,
  type AlertForQueue,
} from '../../src/store/index.js';

const base: AlertForQueue = {
  source: 'generic', key: 'k1', group: 'g1', status: 'firing', title: 'checkout 500s', service: 'checkout',
  startedAt: '2026-02-17T14:45:00.000Z', labels: {}, trigger: 'alert',
};
const opts = { groupWindowMs: 600_000, now: new Date('2026-02-17T14:46:00Z') };

describe('watch queue', () => {
  it('files a repeated alert into its open incident and counts it', () => {
    const db = openStore(':memory:');
    const a = recordAlert(db, base, opts);
    const b = recordAlert(db, base, opts);
    expect(a.created).toBe(true);
    expect(b).toEqual({ incidentId: a.incidentId, created: false, closed: false });
    expect(getWatchIncident(db, a.incidentId!)!.alert_count).toBe(2);
    expect(watchQueueCounts(db)).toMatchObject({ queued: 1, alerts: 2 });
  });

  it('groups different alerts about one service within the window, not after it', () => {
    const db = openStore(':memory:');
    const a = recordAlert(db, base, opts);
    const b = recordAlert(db, { ...base, key: 'k2', group: 'g2' }, opts);
    expect(b.incidentId).toBe(a.incidentId);
    const later = recordAlert(db, { ...base, key: 'k3', group: 'g3' }, { ...opts, now: new Date('2026-02-17T15:30:00Z') });
    expect(later.created).toBe(true);
    const other = recordAlert(db, { ...base, key: 'k4', group: 'g4', service: 'payments' }, opts);
    expect(other.created).toBe(true);
  });

  it('closes an incident only when every alert of it resolved; a queued one is then not investigated', () => {
    const db = openStore(':memory:');
    const a = recordAlert(db, base, opts);
    recordAlert(db, { ...base, key: 'k2' }, opts);
    expect(recordAlert(db, { ...base, status: 'resolved' }, opts).closed).toBe(false);
    expect(recordAlert(db, { ...base, key: 'k2', status: 'resolved' }, opts).closed).toBe(true);
    expect(getWatchIncident(db, a.incidentId!)!.state).toBe('resolved');
    expect(claimNextIncident(db)).toBeNull();
    // The same alert firing again after the close is a new incident.
    expect(recordAlert(db, base, opts).created).toBe(true);
  });

  it('claims each queued incident once, oldest first, and requeues running ones after a crash', () => {
    const db = openStore(':memory:');
    const first = recordAlert(db, base, opts).incidentId;
    const second = recordAlert(db, { ...base, key: 'x', group: 'x', service: 'orders' }, opts).incidentId;
    expect(claimNextIncident(db)!.id).toBe(first);
    expect(claimNextIncident(db)!.id).toBe(second);
    expect(claimNextIncident(db)).toBeNull();
    finishIncident(db, first!, { investigationId: 'inv-1', runbookId: null });
    expect(requeueInterrupted(db)).toBe(1);
    expect(claimNextIncident(db)!.id).toBe(second);
    expect(getWatchIncident(db, first!)).toMatchObject({ state: 'done', investigation_id: 'inv-1' });
  });
});
