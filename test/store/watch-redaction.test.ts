// Alerts come from outside (webhooks, Alertmanager annotations): every credential of the secrets corpus in an
// alert's title or labels is stored redacted, in the incident and in its alert rows.
import { describe, expect, it } from 'vitest';
import { openStore, recordAlert, type AlertForQueue } from '../../src/store/index.js';
import { leaksIn, loadCorpus } from '../helpers/secrets-corpus.js';

const corpus = loadCorpus();

describe('watch queue rows', () => {
  it('hold no secret from alert titles or labels', () => {
    const db = openStore(':memory:');
    corpus.forEach((e, i) => {
      const alert: AlertForQueue = {
        source: 'alertmanager', key: `k${i}`, group: `g${i}`, status: 'firing', title: `payments failing: ${e.line}`, service: `svc${i}`,
        startedAt: '2026-03-01T10:00:00.000Z', labels: { alertname: 'PaymentsErrors', runbook_url: 'https://wiki/x', ...(e.env ? { [e.env.split('=')[0]!]: e.env.slice(e.env.indexOf('=') + 1) } : {}), detail: e.line },
        trigger: 'alert',
      };
      expect(recordAlert(db, alert, { groupWindowMs: 60_000, now: new Date(Date.UTC(2026, 2, 1, 10, i)) }).created).toBe(true);
    });
    const rows = JSON.stringify([db.prepare('SELECT * FROM watch_incidents').all(), db.prepare('SELECT * FROM watch_alerts').all()]);
    expect(rows).toContain('payments failing');
    expect(rows).toContain('PaymentsErrors');
    expect(leaksIn(rows, corpus)).toEqual([]);
    db.close();
  });
});
