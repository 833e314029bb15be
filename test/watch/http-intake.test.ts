// The webhook listener over real HTTP on loopback: routes, bearer token, PagerDuty signature, size limit,
// validation messages, health; an accepted alert is in the store before the 202 goes out.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, recordAlerts, watchQueueCounts, type Db } from '../../src/store/index.js';
import { createIntakeServer, type IntakeOptions } from '../../src/watch/http-intake.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function start(db: Db, extra: Partial<IntakeOptions> = {}): Promise<string> {
  const server = createIntakeServer({
    file: (alerts) => recordAlerts(db, alerts, { groupWindowMs: 600_000 }),
    healthy: () => db.open,
    ...extra,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => new Promise((r) => server.close(() => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('alert intake over HTTP', () => {
  it('files a generic alert and answers 202 with its incident', async () => {
    const db = openStore(':memory:');
    const url = await start(db);
    const res = await post(`${url}/alert`, { title: 'checkout 500s', service: 'checkout' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; created: number; incidents: string[] };
    expect(body).toMatchObject({ accepted: 1, created: 1 });
    expect(watchQueueCounts(db).queued).toBe(1);
  });

  it('refuses bad JSON, bad payloads, unknown routes and wrong methods with a reason, filing nothing', async () => {
    const db = openStore(':memory:');
    const url = await start(db);
    const bad = await post(`${url}/alert`, '{not json');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not JSON/);
    const invalid = await post(`${url}/alertmanager`, { version: '4', groupKey: 'g', status: 'firing', alerts: [{ status: 'weird' }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/alerts\.0\.status/);
    expect((await post(`${url}/nope`, {})).status).toBe(404);
    expect((await fetch(`${url}/alert`)).status).toBe(405);
    expect(watchQueueCounts(db).alerts).toBe(0);
  });

  it('needs the bearer token when one is set', async () => {
    const db = openStore(':memory:');
    const url = await start(db, { token: 'tok-123' });
    expect((await post(`${url}/alert`, { title: 'x' })).status).toBe(401);
    expect((await post(`${url}/alert`, { title: 'x' }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(`${url}/alert`, { title: 'x' }, { authorization: 'Bearer tok-123' })).status).toBe(202);
  });

  it('accepts PagerDuty only with a valid signature for the configured secret', async () => {
    const db = openStore(':memory:');
    const event = JSON.stringify({ event: { event_type: 'incident.triggered', data: { id: 'P1', title: 'db down' } } });
    const sig = `v1=${createHmac('sha256', 'pd-secret').update(event).digest('hex')}`;
    const noSecret = await start(db);
    expect((await post(`${noSecret}/pagerduty`, event, { 'x-pagerduty-signature': sig })).status).toBe(403);
    await close!();
    const url = await start(db, { pagerDutySecret: 'pd-secret' });
    expect((await post(`${url}/pagerduty`, event, { 'x-pagerduty-signature': 'v1=' + '0'.repeat(64) })).status).toBe(401);
    expect((await post(`${url}/pagerduty`, event, { 'x-pagerduty-signature': sig })).status).toBe(202);
    expect(watchQueueCounts(db).queued).toBe(1);
  });

  it('answers 413 past the size limit and keeps serving', async () => {
    const db = openStore(':memory:');
    const url = await start(db, { maxBodyBytes: 1000 });
    const big = await post(`${url}/alert`, { title: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect((await post(`${url}/alert`, { title: 'small' })).status).toBe(202);
  });

  it('healthz reflects whether the queue is writable', async () => {
    const db = openStore(':memory:');
    const url = await start(db);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    db.close();
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
  });
});
