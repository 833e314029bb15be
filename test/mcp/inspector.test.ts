// Drives servers with the official MCP Inspector CLI, non-interactively: a client nobody here wrote.
// Inspector-cli 1.0.3 looks for its package.json relative to the cwd, so it runs from its own build dir.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EVERYTHING_BIN, ROOT } from './helpers.js';

const INSPECTOR_DIR = resolve(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build');
const INSPECTOR = join(INSPECTOR_DIR, 'cli.js');
const LOGS_SERVER = resolve(ROOT, 'dist', 'servers', 'logs', 'index.js');

interface ListedTool {
  name: string;
  description?: string;
  inputSchema: { type: string; properties?: Record<string, unknown> };
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

async function inspector(target: string[], method: string[]): Promise<unknown> {
  const r = await execa(process.execPath, [INSPECTOR, '--cli', ...target, ...method], { cwd: INSPECTOR_DIR, reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`inspector exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-inspector-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'checkout.log');
  writeFileSync(
    file,
    [
      '2025-03-04T14:45:58.010Z INFO [checkout] GET /api/cart 200 41ms',
      '2025-03-04T14:46:02.123Z ERROR [checkout] Connection pool exhausted (active=35, max=35)',
      '2025-03-04T14:46:03.500Z WARN [payments] retrying upstream call',
    ].join('\n') + '\n',
  );
  return file;
}

describe('MCP Inspector CLI', () => {
  it('lists and calls the tools of @modelcontextprotocol/server-everything (the reference check for the harness)', async () => {
    const list = (await inspector([EVERYTHING_BIN, 'stdio'], ['--method', 'tools/list'])) as { tools: ListedTool[] };
    expect(list.tools.map((t) => t.name)).toContain('echo');
    const call = (await inspector([EVERYTHING_BIN, 'stdio'], ['--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'message=hello'])) as {
      content: Array<{ type: string; text: string }>;
    };
    expect(call.content[0]).toEqual({ type: 'text', text: 'Echo: hello' });
  });

  it.skipIf(!existsSync(LOGS_SERVER))('lists the built logs server tools with annotations and schemas, and calls search_logs', async () => {
    const file = logFile();
    const target = [process.execPath, LOGS_SERVER, '--source', file];
    const list = (await inspector(target, ['--method', 'tools/list'])) as { tools: ListedTool[] };
    const names = list.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['search_logs', 'error_signatures', 'log_stats', 'read_logs', 'list_sources']));
    for (const t of list.tools) {
      expect(t.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(t.inputSchema.type).toBe('object');
      expect((t.description ?? '').length).toBeGreaterThan(40);
    }
    const call = (await inspector(target, ['--method', 'tools/call', '--tool-name', 'search_logs', '--tool-arg', 'pattern=pool'])) as {
      content: Array<{ type: string; text: string }>;
      isError?: boolean;
    };
    expect(call.isError).toBeFalsy();
    const data = JSON.parse(call.content[0]!.text) as { total: number; matches: Array<{ line: number; service: string; message: string }> };
    expect(data.total).toBe(1);
    expect(data.matches[0]).toMatchObject({ line: 2, service: 'checkout', message: 'Connection pool exhausted (active=35, max=35)' });
  });

  it.skipIf(!existsSync(LOGS_SERVER))('gets an isError result, not a crash, for a bad regex through the Inspector', async () => {
    const target = [process.execPath, LOGS_SERVER, '--source', logFile()];
    const call = (await inspector(target, ['--method', 'tools/call', '--tool-name', 'search_logs', '--tool-arg', 'pattern=/([a-z/'])) as {
      content: Array<{ text: string }>;
      isError?: boolean;
    };
    expect(call.isError).toBe(true);
    expect(call.content[0]!.text.length).toBeGreaterThan(10);
  });
});
