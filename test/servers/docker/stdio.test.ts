// End to end: the built docker server (dist/servers/docker/index.js) spawned over stdio on the demo
// snapshot, the way the hub runs it; plus the exit code and message for bad options.
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { textOf } from './client.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = resolve(ROOT, 'dist/servers/docker/index.js');
const SNAPSHOT = resolve(ROOT, 'fixtures/checkout-500/docker/snapshot.json');

describe('docker server over stdio (build first: npx tsc -p tsconfig.build.json)', () => {
  it('serves the snapshot: lists tools and answers calls', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--snapshot', SNAPSHOT], stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '0.0.0' });
    await client.connect(transport);
    onTestFinished(() => client.close());
    const tools = await client.listTools();
    // Without --allow-mutations the mutating tools are not offered at all.
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['get_events', 'get_logs', 'health_check', 'inspect_container', 'list_containers']);
    const r = (await client.callTool({ name: 'list_containers', arguments: {} })) as CallToolResult;
    expect(JSON.parse(textOf(r)).containers).toContainEqual(expect.objectContaining({ name: 'postgres', image: 'postgres:15.5' }));
    const refused = (await client.callTool({ name: 'restart_container', arguments: { container: 'checkout', reason: 'x y z' } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/restart_container not found/);
    const ev = (await client.callTool({ name: 'get_events', arguments: { since: '15m' } })) as CallToolResult;
    expect(JSON.parse(textOf(ev)).events.map((e: { action: string }) => e.action)).toEqual(['health_status: unhealthy', 'health_status: healthy']);
  });

  it('exits 2 with one clear line for bad options', async () => {
    const both = await execa(process.execPath, [ENTRY, '--socket', '/x.sock', '--snapshot', SNAPSHOT], { reject: false, input: '' });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toBe('incident-docker-server: give either --socket or --snapshot, not both (run with --help)');
    const unknown = await execa(process.execPath, [ENTRY, '--sockett', '/x'], { reject: false, input: '' });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--sockett'.*run with --help/);
    const at = await execa(process.execPath, [ENTRY, '--snapshot', SNAPSHOT, '--at', 'noon'], { reject: false, input: '' });
    expect(at.exitCode).toBe(2);
    expect(at.stderr).toMatch(/invalid --at "noon": use an ISO-8601 time/);
    const snap = await execa(process.execPath, [ENTRY, '--snapshot', '/nope.json'], { reject: false, input: '' });
    expect(snap.exitCode).toBe(2);
    expect(snap.stderr).toMatch(/cannot read snapshot \/nope.json/);
    const host = await execa(process.execPath, [ENTRY], { reject: false, input: '', env: { DOCKER_HOST: 'tcp://1.2.3.4:2375' } });
    expect(host.exitCode).toBe(2);
    expect(host.stderr).toMatch(/only unix:\/\/\/path\/to\/docker.sock works/);
    const help = await execa(process.execPath, [ENTRY, '--help'], { reject: false, input: '' });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--allow-mutations/);
    expect(help.stderr).toBe('');
  });
});
