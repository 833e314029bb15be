// Webhook deliveries against a real local HTTP receiver: the JSON and Slack bodies, retries with backoff
// recorded per attempt, giving up after the last attempt, and no secret in what is sent.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { listDeliveries, openStore, queueDelivery } from '../../src/store/index.js';
import { MAX_DELIVERY_ATTEMPTS, backoffMs, sendDueDeliveries } from '../../src/watch/deliver.js';
import type { Finished } from '../../src/watch/notify.js';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stop = () => new Promise((r) => server.close(() => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

const report = {
  incident: 'checkout 500s', engine: 'offline', window: { from: '2026-02-17T13:00:00Z', to: '2026-02-17T15:00:00Z' }, onset: '2026-02-17T14:45:00Z',
  root_cause: {
    summary: 'pool exhausted after deploy; DSN postgres://app:hunter2@db/x', category: 'resource_exhaustion', service: 'checkout', confidence: 0.82,
    suspect_change: { sha: 'a'.repeat(40), ref: 'v2.4.1', message: 'raise pool', author: 'dev', time: '2026-02-17T14:40:00Z' },
  },
  ruled_out: [], timeline: [], evidence: [], recommendations: [], tool_calls: [], hypotheses: [],
  stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 },
} as unknown as Report;
const finished: Finished = {
  incidentId: 'wi-1', investigationId: 'inv-1', title: 'HighErrorRate <@here>', service: 'checkout', trigger: 'alert', alertCount: 3, report,
  runbook: { id: 'RB-DB-POOL-001', title: 'pool' },
};

describe('webhook deliveries', () => {
  it('sends the generic JSON and the Slack body, without the secret in the summary', async () => {
    const r = await receiver([]);
    const db = openStore(':memory:');
    queueDelivery(db, { incidentId: 'wi-1', target: r.url, kind: 'json' });
    queueDelivery(db, { incidentId: 'wi-1', target: r.url, kind: 'slack' });
    expect(await sendDueDeliveries(db, () => finished)).toEqual({ sent: 2, failed: 0 });
    const [json, slack] = r.bodies as [Record<string, any>, Record<string, any>];
    expect(json).toMatchObject({ incident_id: 'wi-1', investigation_id: 'inv-1', root_cause: { category: 'resource_exhaustion', suspect_change: { ref: 'v2.4.1' } } });
    expect(JSON.stringify(r.bodies)).not.toContain('hunter2');
    expect(slack.text).toContain('&lt;@here&gt;');
    expect(slack.text).toContain('rca show inv-1');
    expect(listDeliveries(db).every((d) => d.state === 'delivered')).toBe(true);
  });

  it('retries a failing receiver with backoff and records each attempt, then gives up', async () => {
    const r = await receiver(Array(MAX_DELIVERY_ATTEMPTS + 1).fill(503));
    const db = openStore(':memory:');
    queueDelivery(db, { incidentId: 'wi-1', target: r.url, kind: 'json' });
    let clock = Date.now();
    const now = () => new Date(clock);
    await sendDueDeliveries(db, () => finished, { now });
    let [d] = listDeliveries(db);
    expect(d).toMatchObject({ state: 'pending', attempts: 1, last_error: 'HTTP 503' });
    // Not due again before its backoff.
    expect(await sendDueDeliveries(db, () => finished, { now })).toEqual({ sent: 0, failed: 0 });
    for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) {
      clock += backoffMs(i) + 1;
      await sendDueDeliveries(db, () => finished, { now });
    }
    [d] = listDeliveries(db);
    expect(d).toMatchObject({ state: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
    expect(r.bodies).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it('a refused connection is an attempt with its reason', async () => {
    const db = openStore(':memory:');
    queueDelivery(db, { incidentId: 'wi-1', target: 'http://127.0.0.1:9/nothing', kind: 'json' });
    expect(await sendDueDeliveries(db, () => finished, { timeoutMs: 2000 })).toEqual({ sent: 0, failed: 1 });
    expect(listDeliveries(db)[0]!.last_error).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
