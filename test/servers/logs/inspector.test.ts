// Drives the built logs server with the official MCP Inspector CLI (a client nobody here wrote), non-interactively.
// The CLI looks for its package.json relative to the working directory, so it runs from its own build folder.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { tempDir } from './helpers.js';
import { PYTHON_LOG } from './fixtures.js';

const ENTRY = resolve(import.meta.dirname, '../../../dist/servers/logs/index.js');
const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build');

async function inspector(args: string[]): Promise<unknown> {
  const r = await execa(process.execPath, [join(INSPECTOR, 'index.js'), ...args], { cwd: INSPECTOR, reject: false });
  if (r.exitCode !== 0) throw new Error(`inspector-cli exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe.skipIf(!existsSync(ENTRY))('logs server under the MCP Inspector CLI (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('lists the tools, searches, and gets a readable error for a bad regex', async () => {
    const dir = tempDir({ 'billing.log': PYTHON_LOG });
    const server = [process.execPath, ENTRY, '--source', dir, '--at', '2025-03-04T11:00:00Z'];
    const list = (await inspector([...server, '--method', 'tools/list'])) as { tools: Array<{ name: string }> };
    expect(list.tools.map((t) => t.name).sort()).toEqual(['error_signatures', 'list_sources', 'log_stats', 'read_logs', 'request_flows', 'search_logs']);

    const call = (await inspector([...server, '--method', 'tools/call', '--tool-name', 'search_logs', '--tool-arg', 'pattern=checkout 500'])) as {
      content: Array<{ text: string }>;
    };
    const found = JSON.parse(call.content[0]!.text) as SearchLogsResult;
    expect(found.total).toBe(2);
    expect(found.matches[0]).toMatchObject({ line: 7, level: 'error', service: 'billing' });

    const bad = (await inspector([...server, '--method', 'tools/call', '--tool-name', 'search_logs', '--tool-arg', 'pattern=/[/'])) as {
      isError?: boolean;
      content: Array<{ text: string }>;
    };
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toContain('invalid regex');
  });
});
