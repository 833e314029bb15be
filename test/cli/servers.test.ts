// `rca servers` end to end: the real built CLI spawning the built-in logs server, extra servers from
// rca.config.yaml (server-everything and the hub's fixture server), the demo fallback and usage errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ServerListing } from '../../src/cli/commands/servers.js';
import { colorFor, firstLine, renderTable, useColor, visibleWidth } from '../../src/cli/output.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const FIXTURE_SERVER = resolve(REPO_ROOT, 'test', 'mcp', 'fixtures', 'test-server.mjs');
const EVERYTHING_BIN = resolve(REPO_ROOT, 'node_modules', '.bin', 'mcp-server-everything');

function workspace(config?: string): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'rca-servers-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'app.log'), '2025-03-04T10:15:02.123Z ERROR [checkout] Connection pool exhausted\n');
  if (config !== undefined) writeFileSync(join(dir, 'rca.config.yaml'), config);
  return { dir, env: { XDG_CACHE_HOME: join(dir, 'cache') } };
}

const EXTRAS = `
mcpServers:
  everything:
    command: ${JSON.stringify(EVERYTHING_BIN)}
    args: [stdio]
  t:
    command: ${JSON.stringify(process.execPath)}
    args: [${JSON.stringify(FIXTURE_SERVER)}]
`;

describe.skipIf(!cliBuilt())('rca servers (built CLI; run `npx tsc -p tsconfig.build.json` first)', () => {
  it('lists the built-in logs server and extra servers from rca.config.yaml as JSON', async () => {
    const { dir, env } = workspace(EXTRAS);
    const r = await runCliJson<ServerListing>('rca', ['servers', '--json', '--logs', 'app.log'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.json.demo).toBe(false);
    expect(r.json.config).toBe(join(dir, 'rca.config.yaml'));
    expect(r.json.servers.map((s) => [s.name, s.builtin, s.status])).toEqual([
      ['logs', true, 'ready'],
      ['everything', false, 'ready'],
      ['t', false, 'ready'],
    ]);
    const logs = r.json.servers[0]!;
    expect(logs.tools.map((t) => t.name)).toContain('logs__search_logs');
    expect(logs.tools.every((t) => t.read_only)).toBe(true);
    const t = r.json.servers[2]!.tools;
    expect(t.find((x) => x.name === 't__echo')).toMatchObject({ tool: 'echo', read_only: true, destructive: false });
    expect(t.find((x) => x.name === 't__wipe')).toMatchObject({ read_only: false, destructive: true });
    expect(r.json.servers[1]!.tools.map((x) => x.name)).toContain('everything__echo');
  });

  it('prints a plain table off a TTY and with NO_COLOR', async () => {
    const { dir, env } = workspace(EXTRAS);
    const r = await runCli('rca', ['servers', '--logs', join(dir, 'app.log')], { cwd: dir, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/^SERVER +STATUS +ANSWERS +TOOLS +START +KIND\n/);
    expect(r.stdout).toMatch(/^logs +ready +yes +\d+ +\d+ ms +built-in$/m);
    expect(r.stdout).toMatch(/^ {2}t__echo +read-only +Echoes text$/m);
    expect(r.stdout).toMatch(/^ {2}t__plain +mutating, destructive +No annotations at all$/m);
  });

  it('exits 1 and says why when a server fails, while the others still start', async () => {
    const { dir, env } = workspace(`mcpServers:\n  broken:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(FIXTURE_SERVER)}, --exit-at-start]\n`);
    const r = await runCliJson<ServerListing>('rca', ['servers', '--json', '--logs', 'app.log'], { cwd: dir, env });
    expect(r.exitCode).toBe(1);
    expect(r.json.servers.map((s) => [s.name, s.status])).toEqual([
      ['logs', 'ready'],
      ['broken', 'failed'],
    ]);
    expect(r.json.servers[1]!.error).toContain('refusing to start');
  });

  it('with no source exits 2 saying how to give one; --demo checks the bundled demo, every source answering', async () => {
    const { dir, env } = workspace();
    const none = await runCli('rca', ['servers', '--json'], { cwd: dir, env });
    expect(none.exitCode).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no sources to read/);
    expect(none.stderr).toMatch(/rca demo/);
    const r = await runCliJson<ServerListing>('rca', ['servers', '--demo', '--json'], { cwd: dir, env });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^demo: reading the bundled demo incident \(fixtures\/checkout-500\)/)]);
    expect(r.json.demo).toBe(true);
    const names = r.json.servers.map((s) => s.name);
    expect(names).toContain('logs');
    expect(names).toContain('git');
    for (const s of r.json.servers) expect([s.name, s.status, s.error, s.answers]).toEqual([s.name, 'ready', null, true]);
  });

  it('exits 2 naming the file, line and field of a bad config', async () => {
    const { dir, env } = workspace('limits:\n  rounds: lots\n');
    const r = await runCli('rca', ['servers'], { cwd: dir, env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: ${join(dir, 'rca.config.yaml')}:2:11: limits.rounds: `);
  });

  it('exits 2 on a bad --at and on a missing --config file', async () => {
    const { dir, env } = workspace();
    const at = await runCli('rca', ['servers', '--logs', 'app.log', '--at', 'noon'], { cwd: dir, env });
    expect(at.exitCode).toBe(2);
    expect(at.stderr).toContain('error: --at: use an ISO-8601 time');
    const cfg = await runCli('rca', ['servers', '--config', 'nope.yaml'], { cwd: dir, env });
    expect(cfg.exitCode).toBe(2);
    expect(cfg.stderr).toContain(`error: config file not found: ${join(dir, 'nope.yaml')}`);
  });
});

describe('output helpers used by rca servers', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it('colours only a TTY, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(pipe, {}).red('x')).toBe('x');
    expect(colorFor(tty, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('aligns columns by visible width, ignoring colour codes, without trailing spaces', () => {
    const red = colorFor(tty, {}).red;
    const text = renderTable(['A', 'BB', 'C'], [[red('long-name'), 'x', ''], ['s', 'yyy', 'end']]);
    expect(text.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))).toEqual(['A          BB   C', 'long-name  x', 's          yyy  end', '']);
    expect(visibleWidth(red('abc'))).toBe(3);
    expect(renderTable(null, [], {})).toBe('');
    expect(firstLine('MUTATING. Restarts a container.\nMore.', 20)).toBe('MUTATING. Restarts…');
  });
});
