// End to end over stdio: spawns the built server (node dist/servers/metrics/index.js, build first with
// `npx tsc -p tsconfig.build.json`) as the hub does, and checks bad options exit 2 with one clear line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Anomaly } from '../../../src/core/evidence.js';
import { FIXTURE, FIXTURE_AT } from './client.js';

const ENTRY = new URL('../../../dist/servers/metrics/index.js', import.meta.url).pathname;

describe('metrics server over stdio', () => {
  it('is built (run npx tsc -p tsconfig.build.json first)', () => {
    expect(existsSync(ENTRY)).toBe(true);
  });

  it('answers get_anomalies for the demo file and shuts down when the client closes', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [ENTRY, '--file', FIXTURE, '--at', FIXTURE_AT],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    onTestFinished(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_anomalies', 'get_error_rates', 'list_metrics', 'query_range']);
    const r = await client.callTool({ name: 'get_anomalies', arguments: { since: '1h', limit: 3 } });
    expect(r.isError).not.toBe(true);
    const body = JSON.parse((r.content as Array<{ text: string }>)[0]!.text) as { anomalies: Anomaly[] };
    expect(body.anomalies[0]).toMatchObject({
      series: 'http_requests_total{code="500",service="checkout"}',
      time: '2026-02-17T14:45:00.000Z',
      direction: 'up',
    });
  });

  it.each([
    [[], 'give exactly one of --file PATH or --prometheus URL'],
    [['--file', FIXTURE, '--prometheus', 'http://127.0.0.1:9090'], 'give exactly one of --file PATH or --prometheus URL'],
    [['--prometheus', 'localhost:9090'], '--prometheus needs an http(s) URL'],
    [['--file', '/nonexistent.om'], '--file /nonexistent.om does not exist'],
    [['--file', FIXTURE, '--at', 'tomorrow'], 'invalid --at "tomorrow": use an ISO-8601 time'],
    [['--file', FIXTURE, '--status-label', 'bad-label'], '--status-label must be a label name'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('exits 2 on bad options %j', (args, message) => {
    const r = spawnSync(process.execPath, [ENTRY, ...args], { encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(message);
  });
});
