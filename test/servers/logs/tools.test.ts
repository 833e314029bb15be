// The five logs tools through a real SDK client over InMemoryTransport, on fixtures in every format.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ErrorSignaturesResult, LogSource, LogStatsResult, SearchLogsResult } from '../../../src/core/evidence.js';
import { AT, connect, tempDir } from './helpers.js';
import { ISO_LOG, JSON_LOG, LOGFMT_LOG, PLAIN_LOG, PYTHON_LOG, SYSLOG_LOG } from './fixtures.js';

async function allFormats() {
  const dir = tempDir({
    'billing.log': PYTHON_LOG,
    'orders.json': JSON_LOG,
    'gateway.log': ISO_LOG,
    'auth.log': SYSLOG_LOG,
    'api.logfmt': LOGFMT_LOG,
    'worker.txt': PLAIN_LOG,
  });
  return { dir, ...(await connect({ sources: [dir], at: AT })) };
}

describe('list_sources', () => {
  it('lists every file with its format, time range and line count', async () => {
    const { call } = await allFormats();
    const r = await call('list_sources');
    expect(r.isError).toBe(false);
    const { sources } = r.json<{ sources: LogSource[] }>();
    const byName = Object.fromEntries(sources.map((s) => [path.basename(s.file), s]));
    expect(byName['billing.log']).toMatchObject({ format: 'python', lines: 11, first_time: '2025-03-04T10:00:01.100Z', last_time: '2025-03-04T10:32:00.000Z' });
    expect(byName['orders.json']).toMatchObject({ format: 'json', lines: 5, last_time: '2025-03-04T10:46:05.000Z' });
    expect(byName['gateway.log']?.format).toBe('iso');
    expect(byName['auth.log']).toMatchObject({ format: 'syslog', first_time: '2025-03-04T10:15:02.000Z' });
    expect(byName['api.logfmt']?.format).toBe('logfmt');
    expect(byName['worker.txt']).toMatchObject({ format: 'plain', first_time: null, lines: 5 });
  });

  it('resolves globs and reads rotated .gz files', async () => {
    const dir = tempDir({ 'app.log': ISO_LOG, 'app.log.1.gz': gzipSync(PYTHON_LOG), 'notes.md': 'hello' });
    const { call } = await connect({ sources: [path.join(dir, 'app.log*')], at: AT });
    const { sources } = (await call('list_sources')).json<{ sources: LogSource[] }>();
    expect(sources.map((s) => path.basename(s.file)).sort()).toEqual(['app.log', 'app.log.1.gz']);
    expect(sources.find((s) => s.file.endsWith('.gz'))).toMatchObject({ format: 'python', lines: 11 });
  });

  it('expands braces and ** in globs: /x/{a,b}/*.log takes a/ and b/, not c/', async () => {
    const dir = tempDir();
    for (const sub of ['a', 'b', 'c', 'b/deep']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'app.log'), ISO_LOG);
    writeFileSync(path.join(dir, 'b', 'web.log'), ISO_LOG);
    writeFileSync(path.join(dir, 'b', 'notes.txt'), 'hello');
    writeFileSync(path.join(dir, 'c', 'other.log'), ISO_LOG);
    writeFileSync(path.join(dir, 'b', 'deep', 'x.log'), ISO_LOG);
    const braces = await connect({ sources: [path.join(dir, '{a,b}', '*.log')], at: AT });
    const names = (await braces.call('list_sources')).json<{ sources: LogSource[] }>().sources.map((s) => path.relative(dir, s.file));
    expect(names.sort()).toEqual(['a/app.log', 'b/web.log']);
    const deep = await connect({ sources: [path.join(dir, '{b,c}', '**', '*.log')], at: AT });
    const deepNames = (await deep.call('list_sources')).json<{ sources: LogSource[] }>().sources.map((s) => path.relative(dir, s.file));
    expect(deepNames.sort()).toEqual(['b/deep/x.log', 'b/web.log', 'c/other.log']);
  });
});

describe('search_logs', () => {
  it('finds a substring case-insensitively with file:line, time and level', async () => {
    const { call, dir } = await allFormats();
    const r = (await call('search_logs', { pattern: 'queuepool limit' })).json<SearchLogsResult>();
    expect(r.total).toBe(2);
    expect(r.matches[0]).toMatchObject({ file: path.join(dir, 'orders.json'), line: 3, time: '2025-03-04T10:45:10.000Z', level: 'error', service: 'orders' });
  });

  it('attaches stack trace lines and matches inside them to their entry', async () => {
    const { call } = await allFormats();
    const r = (await call('search_logs', { pattern: 'charge.js' })).json<SearchLogsResult>();
    expect(r.total).toBe(2);
    expect(r.matches[0]!.line).toBe(4);
    expect(r.matches[0]!.message).toContain('at charge (/app/billing/src/handlers/charge.js:4:39)');
    expect(r.matches[0]!.service).toBe('billing');
  });

  it('counts an entry once when its first line and its stack trace both match, past the limit too', async () => {
    const dir = tempDir({ 'billing.log': PYTHON_LOG });
    const { call } = await connect({ sources: [dir], at: AT });
    for (const limit of [1, 50]) {
      const r = (await call('search_logs', { pattern: 'checkout', limit })).json<SearchLogsResult>();
      expect(r.total).toBe(4);
      expect(r.matches[0]!.line).toBe(4);
    }
    expect((await call('search_logs', { pattern: 'charge.js', limit: 1 })).json<SearchLogsResult>().total).toBe(2);
  });

  it('keeps stack traces with their entry across read-chunk boundaries', async () => {
    const entries = 4000; // ~600 KB: several 96 KB slices, so some traces straddle a boundary
    const text = Array.from({ length: entries }, (_, i) =>
      [
        `2025-03-04 10:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:00,000 ERROR billing.app: request ${i} failed`,
        '    at charge (/app/billing/src/handlers/charge.js:4:39)',
        '    at async handleCheckout (/app/billing/src/routes/checkout.js:58:20)',
        '    at async Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)',
      ].join('\n'),
    ).join('\n');
    const dir = tempDir({ 'big.log': `${text}\n` });
    const { call } = await connect({ sources: [dir], at: AT });
    const r = (await call('search_logs', { pattern: 'Layer.handle', level: 'error', limit: 500 })).json<SearchLogsResult>();
    expect(r.total).toBe(entries);
    expect(r.matches.every((m, i) => m.line === i * 4 + 1 && m.message.startsWith(`request ${i} failed`))).toBe(true);
  });

  it('counts an entry whose stack trace spans several read chunks once', async () => {
    const frames = Array.from({ length: 5000 }, (_, i) => `    at frame${i} (/app/src/deep/module.js:${i}:7)`).join('\n');
    const text = `2025-03-04 10:00:00,000 ERROR billing.app: boom\n${frames}\n2025-03-04 10:00:01,000 INFO billing.app: after\n`;
    const dir = tempDir({ 'deep.log': text });
    const { call } = await connect({ sources: [dir], at: AT });
    for (const args of [{ pattern: 'module.js' }, { pattern: 'module.js', case_sensitive: true, limit: 1 }, { pattern: '/boom|frame4999 /' }]) {
      const r = (await call('search_logs', args)).json<SearchLogsResult>();
      expect(r.total).toBe(1);
      expect(r.matches[0]).toMatchObject({ line: 1, level: 'error', service: 'billing' });
    }
    const last = (await call('search_logs', { pattern: 'frame4999 ', case_sensitive: true })).json<SearchLogsResult>();
    expect(last.matches[0]?.line).toBe(1);
  });

  it('supports /regex/, level, service, since/until and limit', async () => {
    const { call } = await allFormats();
    const byRegex = (await call('search_logs', { pattern: '/checkout \\d{3} \\d+ms/' })).json<SearchLogsResult>();
    expect(byRegex.total).toBe(3); // two 500s in billing.log and one 200 in orders.json
    const errorsOnly = (await call('search_logs', { pattern: '/checkout \\d{3}/', level: 'error', limit: 1 })).json<SearchLogsResult>();
    expect(errorsOnly).toMatchObject({ total: 2, returned: 1 });
    const svc = (await call('search_logs', { pattern: 'refused', service: 'payments' })).json<SearchLogsResult>();
    expect(svc.total).toBe(1);
    const windowed = (await call('search_logs', { pattern: 'slow query', since: '2025-03-04T10:30:00Z', until: '2025-03-04T10:40:00Z' })).json<SearchLogsResult>();
    expect(windowed.total).toBe(1);
    expect(windowed.matches[0]!.message).toContain('901ms');
    const relative = (await call('search_logs', { pattern: 'slow query', since: '45m' })).json<SearchLogsResult>();
    expect(relative.total).toBe(1);
  });

  it('honours case_sensitive', async () => {
    const { call } = await allFormats();
    expect((await call('search_logs', { pattern: 'FAILED PASSWORD', case_sensitive: true })).json<SearchLogsResult>().total).toBe(0);
    expect((await call('search_logs', { pattern: 'FAILED PASSWORD' })).json<SearchLogsResult>().total).toBe(2);
  });

  it('redacts secrets in returned messages', async () => {
    const dir = tempDir({ 'a.log': '2025-03-04T10:15:02Z ERROR [api] login failed password=hunter2 for bob\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const r = (await call('search_logs', { pattern: 'login failed' })).json<SearchLogsResult>();
    expect(r.matches[0]!.message).not.toContain('hunter2');
    expect(r.matches[0]!.message).toContain('[REDACTED]');
  });
});

describe('error_signatures', () => {
  it('mines warn+ entries into templates with counts, examples and per-minute counts', async () => {
    const { call } = await allFormats();
    const r = (await call('error_signatures', {})).json<ErrorSignaturesResult>();
    expect(r.baseline).toBeNull();
    const pool = r.signatures.find((s) => s.template.startsWith('QueuePool limit'));
    expect(pool).toMatchObject({ count: 2, level: 'error', services: ['orders'], first_seen: '2025-03-04T10:45:10.000Z', last_seen: '2025-03-04T10:45:20.000Z', new: false });
    expect(pool!.template).toBe('QueuePool limit of size <*> overflow <*> reached, connection timed out, timeout <*>');
    expect(pool!.per_minute).toEqual([['2025-03-04T10:45:00.000Z', 2]]);
    const checkout = r.signatures.find((s) => s.template === 'POST /api/checkout <*> <*>');
    expect(checkout?.count).toBe(2);
    expect(r.signatures.some((s) => s.template.includes('GET /api/cart'))).toBe(false); // info is below warn
  });

  it('flags signatures absent from the baseline window as new', async () => {
    const { call } = await allFormats();
    const r = (await call('error_signatures', { since: '2025-03-04T10:30:00Z', until: '2025-03-04T10:50:00Z' })).json<ErrorSignaturesResult>();
    expect(r.baseline).toEqual({ from: '2025-03-04T10:10:00.000Z', to: '2025-03-04T10:29:59.999Z' });
    const slow = r.signatures.find((s) => s.template.startsWith('slow query'));
    expect(slow).toMatchObject({ new: true, count: 1, baseline_count: 0 });
    const pool = r.signatures.find((s) => s.template.startsWith('QueuePool'));
    expect(pool?.new).toBe(true);
    const wide = (await call('error_signatures', { since: '2025-03-04T10:30:00Z', until: '2025-03-04T10:50:00Z', baseline: '1h' })).json<ErrorSignaturesResult>();
    expect(wide.signatures.find((s) => s.template.startsWith('slow query'))).toMatchObject({ new: false, baseline_count: 1 });
    expect(wide.signatures[0]!.new).toBe(true); // new ones come first
  });

  it('filters by service and min_level and caps with top', async () => {
    const { call } = await allFormats();
    const r = (await call('error_signatures', { service: 'billing', min_level: 'error' })).json<ErrorSignaturesResult>();
    expect(r.signatures.length).toBe(2);
    expect(r.signatures.every((s) => s.services.includes('billing'))).toBe(true);
    expect((await call('error_signatures', { top: 1 })).json<ErrorSignaturesResult>().signatures).toHaveLength(1);
  });

  it('mines syslog and plain files with inferred levels', async () => {
    const dir = tempDir({ 'auth.log': SYSLOG_LOG, 'worker.txt': PLAIN_LOG });
    const { call } = await connect({ sources: [dir], at: AT });
    const r = (await call('error_signatures', {})).json<ErrorSignaturesResult>();
    const failed = r.signatures.find((s) => s.template.startsWith('Failed password'));
    expect(failed).toMatchObject({ count: 2, services: ['sshd'] });
    expect(r.signatures.find((s) => s.template.includes('crashed'))?.example).toContain('Caused by');
  });
});

describe('log_stats', () => {
  it('counts per bucket by level and service', async () => {
    const { call } = await allFormats();
    const r = (await call('log_stats', { since: '2025-03-04T10:40:00Z', until: '2025-03-04T10:50:00Z', bucket: '5m' })).json<LogStatsResult>();
    expect(r.bucket_seconds).toBe(300);
    expect(r.buckets).toEqual([{ start: '2025-03-04T10:45:00.000Z', total: 3, by_level: { error: 3 }, by_service: { orders: 2, payments: 1 } }]);
  });

  it('chooses a bucket size when none is given', async () => {
    const { call } = await allFormats();
    const r = (await call('log_stats', {})).json<LogStatsResult>();
    expect(r.bucket_seconds).toBe(60);
    expect(r.buckets.reduce((n, b) => n + b.total, 0)).toBeGreaterThan(20);
  });
});

describe('read_logs', () => {
  it('pages through a file by line', async () => {
    const { call, dir } = await allFormats();
    const r = (await call('read_logs', { file: path.join(dir, 'billing.log'), offset: 4, limit: 3 })).json<{ lines: Array<{ line: number; text: string }>; next_offset: number | null }>();
    expect(r.lines.map((l) => l.line)).toEqual([4, 5, 6]);
    expect(r.lines[1]!.text).toBe('    at charge (/app/billing/src/handlers/charge.js:4:39)');
    expect(r.next_offset).toBe(7);
    const last = (await call('read_logs', { file: 'billing.log', offset: 10 })).json<{ lines: unknown[]; next_offset: number | null }>();
    expect(last.lines).toHaveLength(2);
    expect(last.next_offset).toBeNull();
  });

  it('sees files created after start when they match a directory source', async () => {
    const dir = tempDir({ 'a.log': ISO_LOG });
    const { call } = await connect({ sources: [dir], at: AT });
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'b.log'), ISO_LOG);
    appendFileSync(path.join(dir, 'a.log'), '2025-03-04T10:15:09.000Z INFO [gateway] late line\n');
    const r = (await call('read_logs', { file: 'sub/b.log', limit: 1 })).json<{ lines: Array<{ text: string }> }>();
    expect(r.lines[0]!.text).toContain('request served');
  });
});
