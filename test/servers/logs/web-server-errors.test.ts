// nginx and Apache httpd error logs read with time, level, service and their context fields (client,
// upstream, request, module), through the logs server's tools on realistic samples.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorSignature, LogSource, SearchLogsResult } from '../../../src/core/evidence.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const SHAPES = path.join(REPO_ROOT, 'fixtures', 'log-shapes');

async function webLogs() {
  const dir = tempDir();
  copyFileSync(path.join(SHAPES, 'nginx-error.log'), path.join(dir, 'nginx-error.log'));
  copyFileSync(path.join(SHAPES, 'apache-error.log'), path.join(dir, 'apache-error.log'));
  return connect({ sources: [dir], at: Date.parse('2026-03-01T10:30:00Z') });
}

describe('web server error logs', () => {
  it('lists both with their time range', async () => {
    const { call } = await webLogs();
    const { sources } = (await call('list_sources')).json<{ sources: LogSource[] }>();
    const byName = Object.fromEntries(sources.map((s) => [path.basename(s.file), s]));
    expect(byName['nginx-error.log']).toMatchObject({ first_time: '2026-03-01T09:58:02.000Z', last_time: '2026-03-01T10:03:50.000Z', lines: 6 });
    expect(byName['apache-error.log']).toMatchObject({ first_time: '2026-03-01T09:58:00.011Z', last_time: '2026-03-01T10:03:45.100Z', lines: 6 });
  });

  it('reads level and service per line: nginx crit is fatal, Apache [module:level] and trace/notice levels', async () => {
    const { call } = await webLogs();
    const r = (await call('search_logs', { pattern: '/./', limit: 100 })).json<SearchLogsResult>();
    const seen = r.matches.map((m) => [path.basename(m.file), m.time, m.level, m.service]);
    expect(seen).toContainEqual(['nginx-error.log', '2026-03-01T10:03:40.000Z', 'error', 'nginx']);
    expect(seen).toContainEqual(['nginx-error.log', '2026-03-01T09:58:02.000Z', 'notice', 'nginx']);
    expect(seen).toContainEqual(['nginx-error.log', '2026-03-01T10:03:50.000Z', 'fatal', 'nginx']);
    expect(seen).toContainEqual(['apache-error.log', '2026-03-01T10:03:40.873Z', 'error', 'apache']);
    expect(seen).toContainEqual(['apache-error.log', '2026-03-01T10:03:42.000Z', 'error', 'apache']);
    expect(seen).toContainEqual(['apache-error.log', '2026-03-01T10:03:45.100Z', 'warn', 'apache']);
    const apacheError = r.matches.find((m) => m.message.startsWith('(111)Connection refused'));
    expect(apacheError?.message).toBe('(111)Connection refused: AH00957: HTTP: attempt to connect to 10.96.14.2:12031 (orders) failed');
  });

  it('error_signatures carries the upstream, request and client as fields', async () => {
    const { call } = await webLogs();
    const { signatures } = (await call('error_signatures', { since: '2026-03-01T10:00:00Z' })).json<{ signatures: Array<ErrorSignature & { example_fields?: Record<string, string> }> }>();
    const refused = signatures.find((s) => s.services.includes('nginx') && s.template.includes('connect() failed'))!;
    expect(refused.example_fields).toMatchObject({ client: '10.244.1.17', upstream: 'http://10.96.14.2:12031/api/v1/orders/42', request: 'GET /api/v1/orders/42 HTTP/1.1', host: 'shop.example.com' });
    const proxy = signatures.find((s) => s.services.includes('apache') && s.template.includes('failed to make connection'))!;
    expect(proxy.example_fields).toMatchObject({ module: 'proxy_http', client: '10.244.1.17:51234' });
  });
});
