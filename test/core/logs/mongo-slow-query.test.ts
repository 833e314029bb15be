// mongod's "Slow query" (4.4+ JSON log): a second or more is a slow statement at warn, worded by the statement's
// shape (command, namespace, filter keys, plan) so its entries mine together, the client (appName, remote) as fields.
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';
import { TemplateMiner } from '../../../src/core/logs/miner/template-miner.js';

function slow(ms: number, attr: Record<string, unknown>, s = 'I'): string {
  return JSON.stringify({ t: { $date: '2026-11-04T09:15:10.291+00:00' }, s, c: 'COMMAND', id: 51803, ctx: 'conn8123', msg: 'Slow query', attr: { type: 'command', durationMillis: ms, ...attr } });
}

const find = (customer: string, ms: number, plan = 'COLLSCAN') =>
  slow(ms, {
    ns: 'shop.orders',
    appName: 'orders-svc',
    command: { find: 'orders', filter: { customerId: { $oid: customer }, status: 'open' }, sort: { createdAt: -1 }, limit: 20, $db: 'shop' },
    planSummary: plan,
    keysExamined: 0,
    docsExamined: 6214551,
    remote: '10.4.2.19:50692',
  });

describe('mongod slow queries', () => {
  it('one of a second or more is a warn worded by its shape, with the client and the component as fields', () => {
    const head = parseJsonLine(find('65dda69a583f80037f3eb6ef', 2345))!;
    expect(head).toMatchObject({
      time: Date.parse('2026-11-04T09:15:10.291Z'),
      level: 'warn',
      service: null,
      message: 'Slow query: find shop.orders filter {customerId, status} plan COLLSCAN',
      fields: { client_app: 'orders-svc', client_host: '10.4.2.19', db_name: 'shop', logger: 'COMMAND', thread: 'conn8123' },
    });
    // Under a second (mongod's slowms is 100 ms) it stays at its severity.
    expect(parseJsonLine(find('65dda69a583f80037f3eb6ef', 172, 'IXSCAN { customerId: 1, createdAt: -1 }'))!.level).toBe('info');
  });

  it('the same statement with other values and durations mines into one signature', () => {
    const miner = new TemplateMiner();
    const a = miner.addTokens(parseJsonLine(find('65dda69a583f80037f3eb6ef', 2345))!.message.split(' '));
    const b = miner.addTokens(parseJsonLine(find('6586c367076a77efcc0eed86', 5120))!.message.split(' '));
    expect(a).toBe(b);
  });

  it('reads an aggregation\'s $match, an update\'s q, a failure and the remote when no appName is set', () => {
    const agg = parseJsonLine(slow(1800, { ns: 'shop.orders', command: { aggregate: 'orders', pipeline: [{ $match: { createdAt: { $gte: 1 } } }, { $group: { _id: '$sku' } }] }, planSummary: 'IXSCAN { createdAt: 1 }', remote: '10.4.2.30:40000' }))!;
    expect(agg).toMatchObject({ level: 'warn', message: 'Slow query: aggregate shop.orders filter {createdAt} plan IXSCAN { createdAt: 1 }', fields: { client_host: '10.4.2.30' } });
    const upd = parseJsonLine(slow(1500, { type: 'update', ns: 'shop.carts', command: { q: { _id: 1 }, u: { $set: { x: 1 } } }, planSummary: 'IDHACK' }))!;
    expect(upd.message).toBe('Slow query: update shop.carts filter {_id} plan IDHACK');
    const failed = parseJsonLine(slow(5003, { ns: 'shop.orders', command: { find: 'orders', filter: { 'shipping.name': 'x' }, maxTimeMS: 5000 }, planSummary: 'COLLSCAN', ok: 0, errMsg: 'operation exceeded time limit', errName: 'MaxTimeMSExpired', errCode: 50 }))!;
    expect(failed.message).toBe('Slow query: find shop.orders filter {shipping.name} plan COLLSCAN failed: MaxTimeMSExpired');
    // A slow query logged at W by a server with its own reasons keeps W; an E stays E.
    expect(parseJsonLine(slow(2000, { ns: 'a.b' }, 'E'))!.level).toBe('error');
  });
});
