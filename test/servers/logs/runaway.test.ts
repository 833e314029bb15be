// Runaway inputs against the built logs server as a real process: catastrophic regexes, an endless line and a
// gzip bomb of one line must neither hang the server nor outlive its client (issue 11, items 4 and 5).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SEARCH_STALL_MS } from '../../../servers/logs/scan-pool.js';
import { tempDir } from './helpers.js';

/**
 * How long a guarded answer may take: a few stall periods (the guard waits one, then a thread is replaced), with room
 * for a loaded machine; unguarded, these patterns run for hours, so the bound still tells guarded from hung.
 */
const ANSWERED_MS = 8 * SEARCH_STALL_MS;

const ENTRY = path.resolve(import.meta.dirname, '../../../dist/servers/logs/index.js');
const STAMP = '2025-03-04T10:00:00Z';

async function start(source: string): Promise<{ call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string; ms: number }> }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--source', source, '--at', '2025-03-04T11:00:00Z'], stderr: 'pipe' });
  const client = new Client({ name: 'runaway-test', version: '1.0.0' });
  await client.connect(transport);
  onTestFinished(() => client.close());
  return {
    async call(name, args) {
      const t0 = Date.now();
      const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });
      const text = (r.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
      return { isError: r.isError === true, text, ms: Date.now() - t0 };
    },
  };
}

/** A gzip file whose content is `mb` MiB of one line without a newline, written as a stream. */
async function gzipOneLine(file: string, mb: number): Promise<void> {
  const gz = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gz.pipe(out);
  gz.write(`${STAMP} ERROR [bomb] `);
  const block = Buffer.alloc(1 << 20, 97);
  for (let i = 0; i < mb; i++) if (!gz.write(block)) await once(gz, 'drain');
  gz.end();
  await once(out, 'finish');
}

describe.skipIf(!existsSync(ENTRY))('logs server against runaway inputs (needs `npm run build`)', () => {
  it('answers a catastrophic regex within a few stall periods, and serves the next call', async () => {
    const dir = tempDir({
      'app.log': `${STAMP} INFO [app] started\n${STAMP} WARN [app] ${'a'.repeat(50_000)}!\n${'x'.repeat(3_000_000)}\n${STAMP} ERROR [app] disk full\n`,
    });
    const { call } = await start(dir);
    // A first search loads the scan workers (seconds on a busy machine), which the pattern's answer must not pay.
    expect((await call('search_logs', { pattern: 'started' })).isError).toBe(false);
    // Exponential backtracking on a 50,000-character line.
    const nested = await call('search_logs', { pattern: '/(a+)+$/' });
    expect(nested.ms).toBeLessThan(ANSWERED_MS);
    if (!nested.isError) expect(JSON.parse(nested.text)).toMatchObject({ total: 0 });
    // Quadratic scanning of a multi-megabyte line: an error that says what to do, in time.
    const quadratic = await call('search_logs', { pattern: '/x+y/' });
    expect(quadratic.ms).toBeLessThan(ANSWERED_MS);
    expect(quadratic.isError).toBe(true);
    expect(quadratic.text).toContain('made no progress');
    const next = await call('search_logs', { pattern: 'disk full' });
    expect(next.isError).toBe(false);
    expect(JSON.parse(next.text)).toMatchObject({ total: 1, matches: [{ line: 4, level: 'error' }] });
  });

  it('exits promptly when its client goes away in the middle of a runaway search', async () => {
    const dir = tempDir({ 'app.log': `${STAMP} INFO [app] started\n${'x'.repeat(3_000_000)}\n` });
    const child = spawn(process.execPath, [ENTRY, '--source', dir], { stdio: ['pipe', 'pipe', 'ignore'] });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const send = (msg: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...msg })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('"id":1')) await once(child.stdout, 'data');
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'search_logs', arguments: { pattern: '/x+y/' } } });
    // Let the search get going, then vanish as a crashed client does: stdin reaches end of file.
    await new Promise((r) => setTimeout(r, 300));
    const exited = once(child, 'exit');
    const t0 = Date.now();
    child.stdin.end();
    await exited;
    // It stops its worker and exits at once (about 0.1 s when idle); bounded loosely for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(ANSWERED_MS);
  });

  it('lists a gzip file that inflates to one 1 GB line without going unresponsive', async () => {
    const dir = tempDir();
    await gzipOneLine(path.join(dir, 'bomb.log.gz'), 1024);
    const { call } = await start(dir);
    const listed = call('list_sources', {});
    // While the bomb is being read, another call is still served promptly.
    const other = await call('search_logs', { pattern: 'nothing-here', since: '2025-03-04T09:00:00Z' });
    expect(other.isError).toBe(false);
    const r = await listed;
    expect(r.isError).toBe(false);
    const source = (JSON.parse(r.text) as { sources: Array<{ lines: number; first_time: string | null }> }).sources[0]!;
    expect(source.lines).toBe(1);
    expect(source.first_time).toBe('2025-03-04T10:00:00.000Z');
  }, 60_000);
});
