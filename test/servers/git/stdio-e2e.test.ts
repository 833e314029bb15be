// End to end over stdio: spawns the built server (dist/servers/git/index.js) as the hub would, against a clone
// of the demo bundle, and checks the demo's story; also the entry's option errors and a non-repository --repo.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ShowCommitResult } from '../../../src/core/evidence.js';
import type { DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
import { cloneBundle, tempDir } from './git-fixture.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = join(ROOT, 'dist/servers/git/index.js');
const DEMO = join(ROOT, 'fixtures/checkout-500');

async function spawnServer(args: string[]): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [ENTRY, ...args], stderr: 'pipe' });
  const client = new Client({ name: 'git-e2e', version: '1.0.0' });
  await client.connect(transport);
  onTestFinished(() => client.close());
  return client;
}

async function callJson<T>(client: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const r = await client.callTool({ name, arguments: args });
  const text = (r.content as Array<{ text: string }>)[0]!.text;
  if (r.isError) throw new Error(text);
  return JSON.parse(text) as T;
}

describe('git server over stdio', () => {
  beforeAll(() => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first with npx tsc -p tsconfig.build.json (npm test does)`);
  });

  it('tells the demo story: v2.4.1 at 14:25 shipped the pool hotfix named in scenario.json', async () => {
    const scenario = JSON.parse(readFileSync(join(DEMO, 'scenario.json'), 'utf8')) as { at: string; expected: { suspect_sha: string } };
    const repo = await cloneBundle(join(DEMO, 'repo.bundle'));
    const client = await spawnServer(['--repo', repo, '--at', scenario.at]);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['get_deployments', 'get_recent_commits', 'search_commits', 'show_commit']);
    expect(tools.tools.every((t) => t.annotations?.readOnlyHint === true && t.annotations.destructiveHint === false)).toBe(true);

    const deployments = await callJson<DeploymentsResult>(client, 'get_deployments', { since: '6h' });
    expect(deployments.deployments.map((d) => [d.tag, d.time])).toEqual([
      ['v2.4.1', '2026-02-17T14:25:00.000Z'],
      ['v2.4.0', '2026-02-17T11:40:00.000Z'],
    ]);
    const v241 = deployments.deployments[0]!;
    expect(v241.commits.map((c) => c.message)).toEqual([
      'HOTFIX: Increase default connection pool from 30 to 35',
      'Add gift card balance endpoint',
    ]);
    expect(v241.commits[0]!.sha).toBe(scenario.expected.suspect_sha);
    expect(v241.commits[0]!.email).toBe('bob.johnson@company.com');
    expect(v241.commits[0]!.time).toBe('2026-02-17T14:15:26.000Z');

    const show = await callJson<ShowCommitResult>(client, 'show_commit', { sha: scenario.expected.suspect_sha });
    expect(show.files).toEqual([{ path: 'config/database.yaml', added: 3, deleted: 3 }]);
    expect(show.diff).toContain('-  pool_size: 30\n+  pool_size: 35');

    const bad = await client.callTool({ name: 'show_commit', arguments: { sha: '-p' } });
    expect(bad.isError).toBe(true);
    const again = await callJson<DeploymentsResult>(client, 'get_deployments', { limit: 1 });
    expect(again.deployments[0]!.tag).toBe('v2.4.1');
  });

  it('starts on a directory that is not a repository and says how to fix it on each call', async () => {
    const dir = tempDir('not-a-repo-');
    const client = await spawnServer(['--repo', dir]);
    const r = await client.callTool({ name: 'get_recent_commits', arguments: {} });
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]!.text).toContain(`${dir} is not a git repository; pass --repo <dir>`);
  });

  it('exits 2 with one line on stderr for bad options, and prints usage for --help', async () => {
    const bad = await execa(process.execPath, [ENTRY, '--at', 'tomorrow'], { reject: false, input: '' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'incident-git-server: invalid --at "tomorrow": use an ISO-8601 time (2025-03-04T10:15:00Z) or a relative time such as 30m, 1h30m, "30m ago", now-2h (run with --help)',
    ]);
    const unknown = await execa(process.execPath, [ENTRY, '--repository', '.'], { reject: false, input: '' });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--repository'");
    const help = await execa(process.execPath, [ENTRY, '--help'], { reject: false, input: '' });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--repo DIR');
    expect(help.stderr).toBe('');
  });
});
