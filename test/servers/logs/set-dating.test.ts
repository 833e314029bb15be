// Yearless (syslog) and dateless (time-of-day) stamps dated by the source set's fully dated stamps when those run past
// the files' mtimes (a fresh checkout or copy made before the replayed instant): mtime caps the year only otherwise.
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { connect, tempDir } from './helpers.js';

function touch(dir: string, name: string, iso: string): void {
  const t = new Date(iso);
  utimesSync(path.join(dir, name), t, t);
}

async function times(dir: string, at: string, pattern: string): Promise<string[]> {
  const { call } = await connect({ sources: [dir], at: Date.parse(at) });
  const r = (await call('search_logs', { pattern })).json<SearchLogsResult>();
  return r.matches.map((m) => m.time ?? 'none');
}

const APP = [
  '2026-12-22T10:00:00.120Z [info     ] request finished               status=200',
  '2026-12-22T10:01:05.480Z [error    ] order failed                   error="read-only transaction"',
  '2026-12-22T10:02:00.010Z [info     ] request finished               status=201',
].join('\n');
const HAPROXY = [
  'Dec 22 10:01:02 pg-haproxy-0 haproxy[214]: 10.0.2.32:40947 [22/Dec/2026:10:00:59.947] postgres_rw postgres_rw/pg-1 1/0/2000 4539 -- 40/40/39/13/0 0/0',
  'Dec 22 10:01:40 pg-haproxy-0 haproxy[214]: 10.0.2.35:41415 [22/Dec/2026:10:01:38.415] postgres_rw postgres_rw/pg-2 1/0/1800 4735 -- 40/40/39/13/0 0/0',
].join('\n');

describe('dating yearless stamps by the source set', () => {
  it('dates syslog lines in the year of the dated file beside them when both mtimes are earlier than its stamps', async () => {
    const dir = tempDir({ 'orders-api.log': `${APP}\n`, 'pg-haproxy.log': `${HAPROXY}\n` });
    touch(dir, 'orders-api.log', '2026-12-06T21:11:00Z');
    touch(dir, 'pg-haproxy.log', '2026-12-06T21:11:00Z');
    expect(await times(dir, '2026-12-22T10:30:00Z', 'postgres_rw')).toEqual(['2026-12-22T10:01:02.000Z', '2026-12-22T10:01:40.000Z']);
  });

  it('still turns the year at midnight: Dec 31 lines read on Jan 1 beside a dated file of Jan 1', async () => {
    const app = ['2026-12-31T23:58:00Z ERROR before midnight', '2027-01-01T00:02:00Z ERROR after midnight'].join('\n');
    const sys = ['Dec 31 23:59:00 web-1 cron[1]: ERROR yearend late', 'Jan  1 00:01:00 web-1 cron[1]: ERROR yearend early'].join('\n');
    const dir = tempDir({ 'app.log': `${app}\n`, 'cron.log': `${sys}\n` });
    touch(dir, 'app.log', '2026-11-20T00:00:00Z');
    touch(dir, 'cron.log', '2026-11-20T00:00:00Z');
    expect(await times(dir, '2027-01-01T00:10:00Z', 'yearend')).toEqual(['2026-12-31T23:59:00.000Z', '2027-01-01T00:01:00.000Z']);
  });

  it('dates a time-of-day file beside the dated one on the dated stamps\' day, not its mtime\'s', async () => {
    const logback = ['10:00:58.101 [main] INFO  c.e.Shipping - ready', '10:01:03.877 [http-1] ERROR c.e.Shipping - lookup failed'].join('\n');
    const dir = tempDir({ 'orders-api.log': `${APP}\n`, 'shipping.log': `${logback}\n` });
    touch(dir, 'orders-api.log', '2026-12-06T21:11:00Z');
    touch(dir, 'shipping.log', '2026-12-06T21:11:00Z');
    expect(await times(dir, '2026-12-22T10:30:00Z', 'lookup failed')).toEqual(['2026-12-22T10:01:03.877Z']);
  });

  it('keeps the mtime cap when the dated stamps beside it fit their own mtimes (a genuine old file stays last year)', async () => {
    // Near miss: the dated file is old and its mtime says so; the syslog file's mtime (February) bounds its lines.
    const app = ['2026-01-30T08:00:00Z ERROR old batch', '2026-01-30T08:05:00Z INFO done'].join('\n');
    const sys = 'Dec 22 10:01:02 web-1 app[1]: ERROR rotated long ago\n';
    const dir = tempDir({ 'batch.log': `${app}\n`, 'web.log.1': sys });
    touch(dir, 'batch.log', '2026-01-30T08:06:00Z');
    touch(dir, 'web.log.1', '2026-02-01T00:00:00Z');
    expect(await times(dir, '2026-12-22T10:30:00Z', 'rotated')).toEqual(['2025-12-22T10:01:02.000Z']);
  });

  it('never dates past the investigation\'s own instant, whatever the stamps beside', async () => {
    // The dated file runs a month past --at: the syslog line is still put at or before --at (+ a day), as before.
    const app = ['2027-01-20T00:00:00Z INFO later'].join('\n');
    const sys = 'Dec 28 10:00:00 web-1 app[1]: ERROR after the instant\n';
    const dir = tempDir({ 'app.log': `${app}\n`, 'web.log': sys });
    touch(dir, 'app.log', '2026-12-01T00:00:00Z');
    touch(dir, 'web.log', '2026-12-01T00:00:00Z');
    expect(await times(dir, '2026-12-22T10:30:00Z', 'after the instant')).toEqual(['2025-12-28T10:00:00.000Z']);
  });
});
