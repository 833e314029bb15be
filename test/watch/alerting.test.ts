// rca watch's alert sources against real daemons: a Prometheus whose rule fires on a real scrape, polled
// through /api/v1/alerts, and an Alertmanager routing that alert to the watch intake's webhook.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWatchIncidents, openStore, recordAlerts, type Db } from '../../src/store/index.js';
import { createIntakeServer } from '../../src/watch/http-intake.js';
import { PrometheusAlertPoller } from '../../src/watch/prometheus-poller.js';
import { alertingAvailable, alertingSkipReason, startAlertingPrometheus, startAlertmanager, type Running } from '../helpers/alerting.js';

/** Polls until `fn` gives a value (deadline, no fixed sleeps). */
async function until<T>(what: string, fn: () => Promise<T | null>, deadlineMs = 60_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`${what} not seen within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!alertingAvailable)(`watch alert sources on real Prometheus and Alertmanager ${alertingSkipReason}`, () => {
  let db: Db;
  let prom: Running;
  let am: Running;
  let closeIntake: () => Promise<void>;
  let bodies = 0;

  beforeAll(async () => {
    db = openStore(':memory:');
    const server = createIntakeServer({
      file: (alerts) => {
        bodies++;
        return recordAlerts(db, alerts, { groupWindowMs: 600_000 });
      },
      healthy: () => true,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closeIntake = () => new Promise((r) => server.close(() => r()));
    am = await startAlertmanager(`http://127.0.0.1:${(server.address() as AddressInfo).port}/alertmanager`);
    prom = await startAlertingPrometheus(am.url);
  });

  afterAll(async () => {
    await prom?.stop();
    await am?.stop();
    await closeIntake?.();
  });

  it('polls the firing rule from Prometheus with its labels, once, then nothing new', async () => {
    const poller = new PrometheusAlertPoller(prom.url);
    const alerts = await until('a firing alert', async () => {
      const a = await poller.poll();
      return a.length ? a : null;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ source: 'prometheus', status: 'firing', service: 'checkout', title: 'CheckoutErrors: 5xx ratio above 5% on checkout' });
    expect(alerts[0]!.labels).toMatchObject({ alertname: 'CheckoutErrors', severity: 'page', job: 'self' });
    expect(await poller.poll()).toEqual([]);
  });

  it('files the alert Alertmanager routes to the webhook as one queued incident', async () => {
    const incident = await until('an incident from Alertmanager', async () => listWatchIncidents(db).find((i) => i.source === 'alertmanager') ?? null);
    expect(incident).toMatchObject({ state: 'queued', service: 'checkout', title: 'CheckoutErrors: 5xx ratio above 5% on checkout', trigger: 'alert' });
    expect(incident.labels).toMatchObject({ alertname: 'CheckoutErrors', severity: 'page' });
    expect(bodies).toBeGreaterThanOrEqual(1);
  });

  it('says clearly when Prometheus is not reachable', async () => {
    await expect(new PrometheusAlertPoller('http://127.0.0.1:9', fetch, 2000).poll()).rejects.toThrow(/not reachable/);
  });
});
