// Redelivered messages read from a small Celery worker log: task ids received again while their first run had no
// outcome (the broker's visibility timeout passed), their median gap, and lines that are not receipts.
import { describe, expect, it } from 'vitest';
import { receiptOf, RedeliveryLog, redeliveryGaps, type Receipt } from '../../../servers/logs/redeliveries.js';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { connect, tempDir } from './helpers.js';

const S = 1000;
const rec = (t: number, id: string, what: Receipt['what'] = 'received'): Receipt => ({ time: t * S, id, what });
const uuid = (i: number) => `6c6546a2-52ce-f0d4-8b8c-${String(i).padStart(12, '0')}`;

describe('receiptOf', () => {
  it('reads Celery receipts and outcomes', () => {
    expect(receiptOf(1, `Task media.transcode[${uuid(1)}] received`)).toEqual({ time: 1, id: uuid(1), what: 'received' });
    expect(receiptOf(2, `Task media.transcode[${uuid(1)}] succeeded in 812.31s: {'renditions': ['1080p']}`)?.what).toBe('finished');
    expect(receiptOf(3, `Task media.transcode[${uuid(1)}] raised unexpected: CalledProcessError(1)`)?.what).toBe('finished');
  });
  it('reads a message id field', () => {
    expect(receiptOf(1, 'received message message_id=4f1c9a7e-0b2d')).toEqual({ time: 1, id: '4f1c9a7e-0b2d', what: 'received' });
  });
  it('ignores lines that name no id or no receipt', () => {
    expect(receiptOf(1, 'received SIGTERM, shutting down')).toBeNull();
    expect(receiptOf(1, `[${uuid(1)}] GET /health 200`)).toBeNull();
  });
});

describe('redelivery', () => {
  it('finds ids received again while unfinished and their typical gap', () => {
    const log = new RedeliveryLog();
    // Six long tasks, each handed out again about 600 s later (the broker's restore loop adds a few seconds).
    for (let i = 0; i < 6; i++) {
      log.add(i * 30 * S, 'transcoder-worker', `Task media.transcode[${uuid(i)}] received`);
      log.add((i * 30 + 600 + i) * S, 'transcoder-worker', `Task media.transcode[${uuid(i)}] received`);
    }
    // Short tasks that finish before the timeout: never received again.
    for (let i = 10; i < 30; i++) {
      log.add(i * 10 * S, 'transcoder-worker', `Task media.thumbnails[${uuid(i)}] received`);
      log.add((i * 10 + 5) * S, 'transcoder-worker', `Task media.thumbnails[${uuid(i)}] succeeded in 4.2s: None`);
    }
    expect(log.result()).toEqual({ period_ms: 602.5 * S, count: 6, service: 'transcoder-worker', example: `Task media.transcode[${uuid(0)}] received` });
  });

  it('does not count a retry after the first run finished', () => {
    const r: Receipt[] = [];
    for (let i = 0; i < 8; i++) r.push(rec(i, `t${i}`), rec(i + 30, `t${i}`, 'finished'), rec(i + 90, `t${i}`));
    expect(redeliveryGaps(r)).toEqual([]);
  });

  it('needs several redeliveries, not one duplicate publish', () => {
    const log = new RedeliveryLog();
    log.add(0, 'w', `Task a[${uuid(1)}] received`);
    log.add(3 * S, 'w', `Task a[${uuid(1)}] received`);
    expect(log.result()).toBeNull();
  });
});

describe('request_flows', () => {
  it('reports the redelivery of a Celery worker log read through a real SDK client', async () => {
    const t0 = Date.parse('2026-12-06T11:00:00Z');
    const at = (s: number) => new Date(t0 + s * S).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
    const line = (s: number, proc: string, msg: string) => `[${at(s)}: INFO/${proc}] ${msg}`;
    const lines: Array<[number, string]> = [];
    for (let i = 0; i < 6; i++) {
      lines.push([i * 40, line(i * 40, 'MainProcess', `Task media.transcode[${uuid(i)}] received`)]);
      lines.push([i * 40 + 610, line(i * 40 + 610, 'MainProcess', `Task media.transcode[${uuid(i)}] received`)]);
    }
    for (let i = 10; i < 20; i++) {
      lines.push([i * 30, line(i * 30, 'MainProcess', `Task media.thumbnails[${uuid(i)}] received`)]);
      lines.push([i * 30 + 7, line(i * 30 + 7, 'ForkPoolWorker-2', `Task media.thumbnails[${uuid(i)}] succeeded in 6.12s: None`)]);
    }
    const dir = tempDir({ 'transcoder-worker.log': lines.sort((a, b) => a[0] - b[0]).map((l) => l[1]).join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: t0 + 3600 * S });
    const r = await call('request_flows', { since: '2026-12-06T10:50:00Z', until: '2026-12-06T12:00:00Z' });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    expect(out.redelivery).toMatchObject({ period_ms: 610 * S, count: 6 });
    expect(out.redelivery?.example).toContain(`Task media.transcode[${uuid(0)}] received`);
  });
});
