// End to end: the built logs server spawned over stdio (node dist/servers/logs/index.js), as the hub runs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ErrorSignaturesResult } from '../../../src/core/evidence.js';
import { tempDir } from './helpers.js';
import { JSON_LOG } from './fixtures.js';

const ENTRY = path.resolve(import.meta.dirname, '../../../dist/servers/logs/index.js');

describe.skipIf(!existsSync(ENTRY))('logs server over stdio (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('lists its tools and answers error_signatures', async () => {
    const dir = tempDir({ 'orders.log': JSON_LOG });
    const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--source', dir, '--at', '2025-03-04T11:00:00Z'], stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    onTestFinished(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['error_signatures', 'list_sources', 'log_stats', 'read_logs', 'request_flows', 'search_logs']);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.annotations?.destructiveHint === false)).toBe(true);
    const r = await client.callTool({ name: 'error_signatures', arguments: { since: '30m' } });
    const data = JSON.parse((r.content as Array<{ text: string }>)[0]!.text) as ErrorSignaturesResult;
    expect(data.window.from).toBe('2025-03-04T10:30:00.000Z');
    expect(data.signatures.map((s) => s.count).sort()).toEqual([1, 2]);
  });

  it('exits 2 with one line on stderr for bad options', () => {
    const r = spawnSync(process.execPath, [ENTRY, '--at', 'soon'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no --source given');
    const bad = spawnSync(process.execPath, [ENTRY, '--source', '/tmp', '--at', 'soon'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('invalid --at "soon": use an ISO-8601 time');
  });
});
