// Drives the built git server with the official MCP Inspector CLI (a client nobody here wrote), non-interactively.
// The CLI looks for its package.json relative to the working directory, so it runs from its own build folder.
import { execa } from 'execa';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloneBundle } from './git-fixture.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = join(ROOT, 'dist/servers/git/index.js');
const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build');

async function inspector(args: string[]): Promise<unknown> {
  const r = await execa(process.execPath, [join(INSPECTOR, 'index.js'), ...args], { cwd: INSPECTOR, reject: false });
  if (r.exitCode !== 0) throw new Error(`inspector-cli exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('git server under the MCP Inspector CLI', () => {
  it('lists the tools and calls get_deployments and show_commit on the demo repository', async () => {
    const repo = await cloneBundle(join(ROOT, 'fixtures/checkout-500/repo.bundle'));
    const server = [process.execPath, ENTRY, '--repo', repo, '--at', '2026-02-17T15:00:00Z'];
    const list = (await inspector([...server, '--method', 'tools/list'])) as { tools: Array<{ name: string }> };
    expect(list.tools.map((t) => t.name).sort()).toEqual(['get_deployments', 'get_recent_commits', 'search_commits', 'show_commit']);

    const call = (await inspector([...server, '--method', 'tools/call', '--tool-name', 'get_deployments', '--tool-arg', 'since=6h', 'limit=1'])) as {
      content: Array<{ text: string }>;
    };
    const deployments = JSON.parse(call.content[0]!.text) as { deployments: Array<{ tag: string; time: string }> };
    expect(deployments.deployments).toMatchObject([{ tag: 'v2.4.1', time: '2026-02-17T14:25:00.000Z' }]);

    const bad = (await inspector([...server, '--method', 'tools/call', '--tool-name', 'show_commit', '--tool-arg', 'sha=nothere'])) as {
      isError?: boolean;
      content: Array<{ text: string }>;
    };
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toContain('unknown commit "nothere"');
  });
});
