// The logs server's time indexes live in a folder per build of the server: an index an older build wrote (its
// parsers dated other lines, or none) would place a newer build's windows wrongly, so it is never read again.
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { indexCacheDir, pruneStaleBuilds, STALE_BUILD_MS } from '../../../servers/logs/cache-dir.js';
import { tempDir } from './helpers.js';
import { JSON_LOG } from './fixtures.js';

const ENTRY = path.resolve(import.meta.dirname, '../../../dist/servers/logs/index.js');

describe('the time index cache', () => {
  it('is a folder per build of the code that runs: the same build finds it again, a changed one does not', () => {
    const dir = tempDir({ 'server.mjs': 'export const parsers = 1;\n' });
    const code = path.join(dir, 'server.mjs');
    const first = indexCacheDir('/cache/logs-index', code);
    expect(path.dirname(first)).toBe('/cache/logs-index');
    expect(indexCacheDir('/cache/logs-index', code)).toBe(first);
    writeFileSync(code, 'export const parsers = 2; // dates another shape\n');
    expect(indexCacheDir('/cache/logs-index', code)).not.toBe(first);
    expect(indexCacheDir('/cache/logs-index', path.join(dir, 'missing.mjs'))).toBe('/cache/logs-index/build-unknown');
  });

  it("loses other builds' folders once nothing has written to them for two weeks, never its own", async () => {
    const base = tempDir({});
    const now = Date.now();
    const old = now - STALE_BUILD_MS - 3600_000;
    for (const name of ['build-old', 'build-recent', 'build-mine', 'not-a-build']) mkdirSync(path.join(base, name));
    writeFileSync(path.join(base, 'build-old', 'index.json'), '{}');
    for (const name of ['build-old', 'build-mine', 'not-a-build']) utimesSync(path.join(base, name), old / 1000, old / 1000);
    expect(await pruneStaleBuilds(base, path.join(base, 'build-mine'), STALE_BUILD_MS, now)).toEqual(['build-old']);
    expect(readdirSync(base).sort()).toEqual(['build-mine', 'build-recent', 'not-a-build']);
    expect(await pruneStaleBuilds(path.join(base, 'missing'), path.join(base, 'build-mine'))).toEqual([]);
  });

  it.skipIf(!existsSync(ENTRY))('is where the built server writes its indexes, under --cache-dir', async () => {
    const dir = tempDir({ 'orders.log': JSON_LOG });
    const cache = tempDir({});
    const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, '--source', dir, '--at', '2025-03-04T11:00:00Z', '--cache-dir', cache], stderr: 'pipe' });
    const client = new Client({ name: 'cache-test', version: '1.0.0' });
    await client.connect(transport);
    onTestFinished(() => client.close());
    await client.callTool({ name: 'error_signatures', arguments: { since: '30m' } });
    expect(readdirSync(cache)).toEqual([path.basename(indexCacheDir(cache, ENTRY))]);
    expect(readdirSync(path.join(cache, readdirSync(cache)[0]!)).length).toBeGreaterThan(0);
  });
});
